package io.mqttha.bench;

import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.SelectionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A fleet of clients on the secured local cluster, the SDK with its defaults beside the raw HiveMQ client rotating
 * with zero delay, one after the other on the same cluster: what the fleet costs while idle (connections held and
 * opened, counted on the brokers; heap and threads), where it connects, and how every client recovers when the node
 * holding the most of them is killed, then paused.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "N SDK clients vs N raw HiveMQ clients on the local secured cluster: idle cost, placement, and "
                + "per-client recovery from a killed and a paused node.")
final class FleetBenchmark implements Callable<Integer> {

    /** The clients compared. */
    enum Kind {
        SDK("mqtt-ha SDK (defaults)"),
        RAW("HiveMQ client, zero-delay rotation");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private enum Fault { KILL, PAUSE }

    @Spec
    CommandSpec spec;

    @Option(names = "--clients", defaultValue = "1000", description = "Clients of each kind (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rate", defaultValue = "1",
            description = "QoS 1 publishes per second of each client on its own topic (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--idle", defaultValue = "PT20S",
            description = "How long the fleet runs before its idle cost is counted over the same time again, ISO-8601 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--timeout", defaultValue = "PT15S",
            description = "Longest wait for a client's first acknowledged publish after a fault (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--quick", description = "CI-sized: 20 clients, 5 s idle windows.")
    boolean quick;

    @Option(names = "--kinds", split = ",", defaultValue = "SDK,RAW",
            description = "Which clients to measure: ${COMPLETION-CANDIDATES} (default: both).")
    List<Kind> kinds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    /** Time for messages in flight around a fault to arrive before losses are counted. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long clients are watched coming back to a node after it returns: the SDK's default failback delay and
     * spread, and the probes' interval to see the node up, with room to spare.
     */
    private static final Duration RETURN_WINDOW = SelectionPolicy.DEFAULT_FAILBACK_DELAY
            .plus(SelectionPolicy.DEFAULT_FAILBACK_SPREAD).plusSeconds(5);
    private static final Duration RETURN_POLL = Duration.ofMillis(100);

    @Override
    public Integer call() throws Exception {
        if (quick) {
            clients = 20;
            idle = Duration.ofSeconds(5);
        }
        OptionChecks.positive(spec, "--clients", clients);
        OptionChecks.positive(spec, "--rate", rate);
        OptionChecks.positive(spec, "--idle", idle);
        OptionChecks.positive(spec, "--timeout", timeout);
        OptionChecks.require(spec, BrokerSockets.available(),
                "The fleet benchmark counts connections in /proc/net/tcp, which this machine does not have (Linux only).");
        FleetLimits.problem(clients, FleetLimits.openFiles(), Runtime.getRuntime().maxMemory())
                .ifPresent(problem -> OptionChecks.require(spec, false, problem));
        Report report = new Report("Fleet: " + clients + " clients of each kind on the local secured cluster",
                List.of("client", "connectAllSeconds", "connectionsPerClient", "brokerConnectionsPerSecondIdle",
                        "heapKiBPerIdleClient", "heapKiBPerPublishingClient", "threadsPerClient", "jvmThreads",
                        "healthyBurstP50", "healthyBurstP99", "maxOverMeanBefore", "fault", "faultedNode", "clientsOnFaultedNode", "p50", "p99", "max",
                        "p99OnFaultedNode", "p99Elsewhere", "unrecovered", "lost", "duplicated", "maxOverMeanAfter",
                        "returned", "returnFirstSeconds", "returnLastSeconds", "returnPeakPerSecond",
                        "maxOverMeanReturned"));
        report.context("machine", Machine.describe())
                .context("clients", clients)
                .context("ratePerClient", rate)
                .context("idleSeconds", idle.toSeconds())
                .context("timeoutMillis", timeout.toMillis())
                .context("recovery", "per client: from the fault until its first acknowledged QoS 1 publish sent after it")
                .context("counted", "connections held: established sockets on the edges' ports (/proc/net/tcp); opened: "
                        + "connections the machine accepted during the idle window (PassiveOpens, /proc/net/snmp)")
                .context("heap", "used heap after GC: idle = what each client past the first tenth adds, connected "
                        + "and subscribed, before the first publish (the first tenth pays for what the library costs "
                        + "once); publishing = over all clients, after the idle windows, with the SDK's replay buffer "
                        + "of each stream and the benchmark's own record of every message sent and received")
                .context("healthyBurst", "every client publishing once at the same moment on the healthy cluster, "
                        + "as right after a fault: the floor under the recovery figures")
                .context("returned", "after the faulted node is back: clients that moved back to it within "
                        + RETURN_WINDOW.toSeconds() + " s, the first and last of them (seconds after the restart or "
                        + "resume) and the most in one second");
        Path runDirectory = Files.createTempDirectory("mqtt-ha-bench-fleet");
        try (LocalCluster cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory,
                ClusterOptions.quiet())) {
            for (Kind kind : kinds) {
                measure(cluster, kind, report);
            }
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    private void measure(LocalCluster cluster, Kind kind, Report report) throws Exception {
        ClusterDescription description = cluster.description();
        Login login = ClusterLogin.operator(cluster);
        List<InetSocketAddress> sockets = description.edges().stream()
                .map(edge -> new InetSocketAddress(edge.host(), edge.port())).toList();
        Function<String, FleetMember> factory = id -> kind == Kind.SDK
                ? new SdkFleetMember(description.edgeAddresses(), id, login)
                : new RawFleetMember(sockets, id, login);
        BrokerSockets brokers = new BrokerSockets(cluster);
        long heapBefore = Machine.usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<FleetMember> fleet = new ArrayList<>();
        ScheduledExecutorService publishers = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "fleet-publisher");
            thread.setDaemon(true);
            return thread;
        });
        AtomicLong sequence = new AtomicLong();
        try {
            // The first tenth pays for what the library costs once per JVM (classes, pools, caches); the heap
            // the rest add is what each further client costs.
            int firstTenth = Math.max(1, clients / 10);
            double connectAll = connect(kind, factory, fleet, 0, firstTenth);
            long heapFirstTenth = Machine.usedHeapAfterGc();
            connectAll += connect(kind, factory, fleet, firstTenth, clients);
            System.err.printf("%s: all %d connected and subscribed in %.1f s%n", kind, clients, connectAll);
            long idleHeapPerClient = clients == firstTenth ? (Machine.usedHeapAfterGc() - heapBefore) / clients / 1024
                    : (Machine.usedHeapAfterGc() - heapFirstTenth) / (clients - firstTenth) / 1024;
            long periodMicros = (long) (1_000_000 / rate);
            for (int i = 0; i < fleet.size(); i++) {
                FleetMember member = fleet.get(i);
                publishers.scheduleAtFixedRate(() -> member.publish(sequence.incrementAndGet()),
                        periodMicros * i / fleet.size(), periodMicros, TimeUnit.MICROSECONDS);
            }
            Thread.sleep(idle.toMillis());
            long acceptedBefore = BrokerSockets.acceptedConnections();
            List<Integer> held = new ArrayList<>();
            long sampleEvery = Math.max(1, idle.toMillis() / 5);
            for (long waited = 0; waited < idle.toMillis(); waited += sampleEvery) {
                Thread.sleep(sampleEvery);
                held.add(brokers.establishedByEdge().values().stream().mapToInt(Integer::intValue).sum());
            }
            double openedPerSecond = (BrokerSockets.acceptedConnections() - acceptedBefore) / (double) idle.toSeconds();
            double connectionsPerClient = held.stream().mapToInt(Integer::intValue).average().orElse(0) / clients;
            long heapPerClient = (Machine.usedHeapAfterGc() - heapBefore) / clients / 1024;
            int jvmThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            double threadsPerClient = (jvmThreads - threadsBefore) / (double) clients;
            Map<String, Integer> placement = placement(description, fleet);
            System.err.printf("%s: idle: %.2f connections per client, %.1f opened per second, placement %s%n", kind,
                    connectionsPerClient, openedPerSecond, placement);
            Percentiles burst = healthyBurst(fleet, sequence);
            for (Fault fault : Fault.values()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("client", kind.label);
                row.put("connectAllSeconds", connectAll);
                row.put("connectionsPerClient", connectionsPerClient);
                row.put("brokerConnectionsPerSecondIdle", openedPerSecond);
                row.put("heapKiBPerIdleClient", idleHeapPerClient);
                row.put("heapKiBPerPublishingClient", heapPerClient);
                row.put("threadsPerClient", threadsPerClient);
                row.put("jvmThreads", jvmThreads);
                row.put("healthyBurstP50", burst.p50());
                row.put("healthyBurstP99", burst.p99());
                fault(cluster, fleet, fault, sequence, row);
                report.row(row);
            }
        } finally {
            publishers.shutdownNow();
            fleet.forEach(FleetMember::close);
        }
    }

    /**
     * Every client publishes once, now; each future completes with the milliseconds from {@code since} to the
     * acknowledgement, or NaN when none came within {@code --timeout}.
     */
    private List<CompletableFuture<Double>> publishAll(List<FleetMember> fleet, AtomicLong sequence, long since) {
        List<CompletableFuture<Double>> acknowledged = new ArrayList<>();
        for (FleetMember member : fleet) {
            acknowledged.add(member.publish(sequence.incrementAndGet())
                    .thenApply(ignored -> (System.nanoTime() - since) / 1e6)
                    .completeOnTimeout(Double.NaN, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> Double.NaN));
        }
        return acknowledged;
    }

    /**
     * The floor under the recovery figures: every client publishing at the same moment on a healthy cluster, as
     * they do right after a fault, without the fault.
     */
    private Percentiles healthyBurst(List<FleetMember> fleet, AtomicLong sequence) {
        List<Double> millis = publishAll(fleet, sequence, System.nanoTime()).stream().map(CompletableFuture::join)
                .filter(value -> !Double.isNaN(value)).toList();
        Percentiles burst = Percentiles.of(millis);
        System.err.printf("Healthy burst: %d of %d acknowledged, p50 %.1f ms, p99 %.1f ms%n", millis.size(),
                fleet.size(), burst.p50(), burst.p99());
        return burst;
    }

    /** Creates and starts clients {@code from} to {@code to} (exclusive); returns the seconds until all are ready. */
    private static double connect(Kind kind, Function<String, FleetMember> factory, List<FleetMember> fleet, int from,
            int to) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<?>> started = new ArrayList<>();
        for (int i = from; i < to; i++) {
            FleetMember member = factory.apply("fleet-" + kind.name().toLowerCase(Locale.ROOT) + "-" + i);
            fleet.add(member);
            started.add(member.start());
            if (i % 100 == 99) {
                System.err.printf("%s: %d clients created%n", kind, i + 1);
            }
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Faults the node holding the most clients and measures every client's recovery, losses and placement. */
    private void fault(LocalCluster cluster, List<FleetMember> fleet, Fault fault, AtomicLong sequence,
            Map<String, Object> row) throws Exception {
        ClusterDescription description = cluster.description();
        Map<String, Integer> before = placement(description, fleet);
        Map<FleetMember, Boolean> onFaulted = new LinkedHashMap<>();
        String busiest = before.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        row.put("maxOverMeanBefore", maxOverMean(before, null));
        long lostBefore = lost(fleet);
        long duplicatedBefore = fleet.stream().mapToLong(FleetMember::duplicated).sum();
        row.put("fault", fault.name().toLowerCase(Locale.ROOT));
        row.put("faultedNode", busiest);
        row.put("clientsOnFaultedNode", before.get(busiest));
        String faultedAddress = description.node(busiest).address();
        fleet.forEach(member -> onFaulted.put(member, member.node().filter(faultedAddress::equals).isPresent()));
        long faultAt = System.nanoTime();
        if (fault == Fault.KILL) {
            cluster.kill(busiest);
        } else {
            cluster.pause(busiest);
        }
        List<CompletableFuture<Double>> recoveries = publishAll(fleet, sequence, faultAt);
        List<Double> recovered = new ArrayList<>();
        List<Double> recoveredThere = new ArrayList<>();
        List<Double> recoveredElsewhere = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            double millis = recoveries.get(i).join();
            if (!Double.isNaN(millis)) {
                recovered.add(millis);
                (onFaulted.get(fleet.get(i)) ? recoveredThere : recoveredElsewhere).add(millis);
            }
        }
        Percentiles stats = Percentiles.of(recovered);
        System.err.printf("%s of %s (%d clients there): %d of %d recovered, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                fault, busiest, before.get(busiest), recovered.size(), fleet.size(), stats.p50(), stats.p99(),
                stats.max());
        row.put("p50", stats.p50());
        row.put("p99", stats.p99());
        row.put("max", stats.max());
        row.put("p99OnFaultedNode", Percentiles.of(recoveredThere).p99());
        row.put("p99Elsewhere", Percentiles.of(recoveredElsewhere).p99());
        row.put("unrecovered", fleet.size() - recovered.size());
        Thread.sleep(SETTLE.toMillis());
        row.put("maxOverMeanAfter", maxOverMean(placement(description, fleet), busiest));
        if (fault == Fault.KILL) {
            cluster.restart(busiest);
        } else {
            cluster.resume(busiest);
        }
        awaitReturns(description, fleet, faultedAddress, row);
        Thread.sleep(SETTLE.toMillis());
        row.put("lost", lost(fleet) - lostBefore);
        row.put("duplicated", fleet.stream().mapToLong(FleetMember::duplicated).sum() - duplicatedBefore);
    }

    /**
     * Watches the clients that are elsewhere come back to the node that was faulted, for {@link #RETURN_WINDOW}:
     * how many, over what time, and the most in one second; a client counts once, when it is first seen there.
     */
    private static void awaitReturns(ClusterDescription description, List<FleetMember> fleet, String address,
            Map<String, Object> row) throws InterruptedException {
        long back = System.nanoTime();
        List<FleetMember> away = fleet.stream().filter(member -> member.node().filter(address::equals).isEmpty())
                .toList();
        Map<FleetMember, Double> returnedAt = new LinkedHashMap<>();
        long end = back + RETURN_WINDOW.toNanos();
        while (System.nanoTime() < end) {
            double seconds = (System.nanoTime() - back) / 1e9;
            for (FleetMember member : away) {
                if (member.node().filter(address::equals).isPresent()) {
                    returnedAt.putIfAbsent(member, seconds);
                }
            }
            Thread.sleep(RETURN_POLL.toMillis());
        }
        Map<Long, Integer> perSecond = new LinkedHashMap<>();
        returnedAt.values().forEach(seconds -> perSecond.merge((long) Math.floor(seconds), 1, Integer::sum));
        row.put("returned", returnedAt.size());
        row.put("returnFirstSeconds", returnedAt.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        row.put("returnLastSeconds", returnedAt.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        row.put("returnPeakPerSecond", perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        row.put("maxOverMeanReturned", maxOverMean(placement(description, fleet), null));
        System.err.printf("%d clients back on %s within %d s (peak %s per second), placement %s%n", returnedAt.size(),
                address, RETURN_WINDOW.toSeconds(), row.get("returnPeakPerSecond"), placement(description, fleet));
    }

    private static long lost(List<FleetMember> fleet) {
        return fleet.stream().mapToLong(member -> member.lost(SETTLE)).sum();
    }

    /** Clients per edge, by name, every edge listed. */
    private static Map<String, Integer> placement(ClusterDescription description, List<FleetMember> fleet) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (NodeSpec edge : description.edges()) {
            counts.put(edge.name(), 0);
        }
        for (FleetMember member : fleet) {
            member.node().flatMap(address -> description.edges().stream()
                    .filter(edge -> edge.address().equals(address)).findFirst())
                    .ifPresent(edge -> counts.merge(edge.name(), 1, Integer::sum));
        }
        return counts;
    }

    /** The busiest node's clients over the mean of the nodes that can serve: all, or all but {@code down}. */
    private static double maxOverMean(Map<String, Integer> placement, String down) {
        int serving = placement.size() - (down == null ? 0 : 1);
        int total = placement.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return Double.NaN;
        }
        return placement.values().stream().mapToInt(Integer::intValue).max().orElse(0) / (total / (double) serving);
    }

}
