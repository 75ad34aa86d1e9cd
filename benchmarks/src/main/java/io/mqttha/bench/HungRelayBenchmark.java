package io.mqttha.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.Qos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-node delivery while the relay the edges are bridged to hangs (SIGSTOP). An SDK publisher on node-1 sends a
 * numbered QoS 1 stream; on node-7 a raw HiveMQ subscriber (the wire) and an SDK subscriber (its application) note
 * when each number arrives. Each run freezes the relay the edges are on and measures how long after the freeze the
 * first message published after it arrives, and the longest wait between consecutive messages once the relay runs
 * again (a second interruption); at the end, what each subscriber lost or received twice.
 */
@Command(name = "hung-relay", mixinStandardHelpOptions = true,
        description = "Cross-node delivery while a relay hangs (SIGSTOP): time to resume, second interruption, "
                + "messages lost and duplicated, a raw HiveMQ subscriber beside an SDK one.")
final class HungRelayBenchmark implements Callable<Integer> {

    private static final int QUICK_RUNS = 2;
    /** How long delivery may take to resume before a run counts it as not resumed. */
    private static final Duration RESUME_LIMIT = Duration.ofSeconds(30);
    /** Steady traffic watched after the relay runs again, for a second interruption. */
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "5", description = "Freezes (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quick", description = "The CI-sized run: --runs " + QUICK_RUNS + ".")
    boolean quick;

    @Option(names = "--rate", defaultValue = "50", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--freeze", defaultValue = "PT9S",
            description = "How long a relay stays frozen unless the supervisor replaces it first, ISO-8601 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration freeze;

    @Option(names = "--no-supervision",
            description = "Without the relay supervisor, as after `./demo cluster up`: the bridges alone notice the hang.")
    boolean withoutSupervision;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    /** Arrival times by message number, of one subscriber. */
    private static final class Arrivals {
        final Map<Long, Long> nanos = new ConcurrentHashMap<>();
        final AtomicLong received = new AtomicLong();

        void accept(byte[] payload) {
            received.incrementAndGet();
            nanos.putIfAbsent(Long.parseLong(new String(payload, StandardCharsets.US_ASCII)), System.nanoTime());
        }

        /** Milliseconds from {@code since} until the first message numbered above {@code after} arrived; -1 if none. */
        long firstAfter(long after, long since) {
            return nanos.entrySet().stream().filter(entry -> entry.getKey() > after).mapToLong(Map.Entry::getValue)
                    .min().stream().map(at -> (at - since) / 1_000_000).findFirst().orElse(-1);
        }

        /** The longest wait between consecutive arrivals of messages {@code from}..{@code to}, in arrival order. */
        long longestGapMillis(long from, long to) {
            long[] times = nanos.entrySet().stream().filter(entry -> entry.getKey() >= from && entry.getKey() <= to)
                    .mapToLong(Map.Entry::getValue).sorted().toArray();
            long longest = 0;
            for (int i = 1; i < times.length; i++) {
                longest = Math.max(longest, (times[i] - times[i - 1]) / 1_000_000);
            }
            return longest;
        }

        long lostOf(long sent) {
            return sent - nanos.keySet().stream().filter(number -> number < sent).count();
        }

        long duplicates() {
            return received.get() - nanos.size();
        }
    }

    @Override
    public Integer call() throws Exception {
        int freezes = quick ? QUICK_RUNS : runs;
        boolean supervised = !withoutSupervision;
        OptionChecks.positive(spec, "--runs", freezes);
        OptionChecks.positive(spec, "--rate", rate);
        OptionChecks.require(spec, rate <= 1000, "--rate must be at most 1000 messages per second, not " + rate + ".");
        OptionChecks.positive(spec, "--freeze", freeze);

        Report report = new Report("Cross-node delivery while the edges' relay hangs (" + freezes + " freezes, "
                + (supervised ? "relay supervisor on" : "no supervisor") + ")",
                List.of("subscriber", "runs", "resumed p50 ms", "resumed max ms", "second interruption max ms", "sent",
                        "lost", "duplicated"));
        report.context("machine", Machine.describe())
                .context("cluster", "7 edges + relay pair, local mosquitto processes, bridges round robin")
                .context("fault", "SIGSTOP of the relay node-7's bridge is on, for " + freeze + " unless replaced")
                .context("relaySupervisor", supervised)
                .context("publisher", "SDK client on node-1, QoS 1, " + rate + " messages per second")
                .context("resumed", "from the freeze to the arrival of the first message published after it")
                .context("secondInterruption", "longest wait between arrivals during " + AFTER_RECOVERY
                        + " after the relay runs again")
                .context("wire", "raw HiveMQ subscriber on node-7, QoS 1")
                .context("sdkApp", "SDK subscriber (defaults) on node-7: what its application was handed");
        Path runDirectory = Files.createTempDirectory("mqtt-ha-bench-hung-relay");
        try (LocalCluster cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory,
                ClusterOptions.quiet())) {
            if (supervised) {
                cluster.superviseRelays(event -> System.err.println("  supervisor: " + event));
            }
            measure(cluster, freezes, report);
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    private void measure(LocalCluster cluster, int freezes, Report report)
            throws Exception {
        ClusterDescription description = cluster.description();
        Login login = ClusterLogin.operator(cluster);
        NodeSpec publisherEdge = description.node("node-1");
        NodeSpec subscriberEdge = description.node("node-7");
        String topic = "mqtt-ha/bench/hung-relay/" + System.nanoTime();
        Arrivals wire = new Arrivals();
        Arrivals application = new Arrivals();
        AtomicLong issued = new AtomicLong();
        Mqtt5AsyncClient wireSubscriber = Mqtt5Client.builder().identifier("bench-hung-relay-wire")
                .serverHost(subscriberEdge.host()).serverPort(subscriberEdge.port())
                .simpleAuth(Mqtt5SimpleAuth.builder().username(login.username())
                        .password(login.password().getBytes(StandardCharsets.UTF_8)).build())
                .buildAsync();
        ScheduledExecutorService publishing = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hung-relay-publishing");
            thread.setDaemon(true);
            return thread;
        });
        List<Long> resumedWire = new ArrayList<>();
        List<Long> resumedApplication = new ArrayList<>();
        List<Long> secondWire = new ArrayList<>();
        List<Long> secondApplication = new ArrayList<>();
        try (HaMqttClient sdkSubscriber = HaMqttClient.create(sdkConfig(subscriberEdge, description, login, "bench-hung-relay-sdk"));
             HaMqttClient publisher = HaMqttClient.create(sdkConfig(publisherEdge, description, login, "bench-hung-relay-publisher"))) {
            wireSubscriber.connect().get(20, TimeUnit.SECONDS);
            wireSubscriber.publishes(MqttGlobalPublishFilter.ALL, publish -> wire.accept(publish.getPayloadAsBytes()));
            wireSubscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
            sdkSubscriber.connect().get(20, TimeUnit.SECONDS);
            sdkSubscriber.subscribe(topic, Qos.AT_LEAST_ONCE, message -> application.accept(message.payload()))
                    .get(10, TimeUnit.SECONDS);
            publisher.connect().get(20, TimeUnit.SECONDS);
            publishing.scheduleAtFixedRate(() -> publisher.publish(topic,
                    Long.toString(issued.getAndIncrement()).getBytes(StandardCharsets.US_ASCII), Qos.AT_LEAST_ONCE, false),
                    0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
            Thread.sleep(2_000);
            for (int run = 1; run <= freezes; run++) {
                NodeSpec relay = cluster.bridgedTo(subscriberEdge.name()).orElseThrow(() ->
                        new IllegalStateException(subscriberEdge.name() + "'s bridge is on no relay before run"));
                long lastBeforeFreeze = issued.get();
                long frozenAt = System.nanoTime();
                cluster.pause(relay.name());
                long deadline = frozenAt + RESUME_LIMIT.toNanos();
                long resumeAt = frozenAt + freeze.toNanos();
                while (System.nanoTime() < deadline && (wire.firstAfter(lastBeforeFreeze, frozenAt) < 0
                        || application.firstAfter(lastBeforeFreeze, frozenAt) < 0)) {
                    endFreezeIfDue(cluster, relay, resumeAt);
                    Thread.sleep(10);
                }
                // The relay runs again, replaced by the supervisor or thawed at the freeze's end, before the watch
                // for a second interruption begins.
                while (cluster.isPaused(relay.name()) || cluster.pid(relay.name()).isEmpty()) {
                    endFreezeIfDue(cluster, relay, resumeAt);
                    Thread.sleep(10);
                }
                long wireMillis = wire.firstAfter(lastBeforeFreeze, frozenAt);
                long applicationMillis = application.firstAfter(lastBeforeFreeze, frozenAt);
                long steadyFrom = issued.get();
                Thread.sleep(AFTER_RECOVERY.toMillis());
                long steadyTo = issued.get() - rate / 10;
                long wireGap = wire.longestGapMillis(steadyFrom, steadyTo);
                long applicationGap = application.longestGapMillis(steadyFrom, steadyTo);
                resumedWire.add(wireMillis);
                resumedApplication.add(applicationMillis);
                secondWire.add(wireGap);
                secondApplication.add(applicationGap);
                System.err.printf(Locale.ROOT, "freeze %d/%d of %s: delivery resumed after %d ms (wire), %d ms (SDK app); "
                                + "longest wait afterwards %d ms (wire), %d ms (SDK app); bridge now on %s%n",
                        run, freezes, relay.name(), wireMillis, applicationMillis, wireGap, applicationGap,
                        cluster.bridgedTo(subscriberEdge.name()).map(NodeSpec::name).orElse("no relay"));
                cluster.awaitBridgesConnected(Duration.ofSeconds(20));
            }
            publishing.shutdownNow();
            publishing.awaitTermination(5, TimeUnit.SECONDS);
            long sent = issued.get();
            long settleUntil = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < settleUntil && (wire.lostOf(sent) > 0 || application.lostOf(sent) > 0)) {
                Thread.sleep(250);
            }
            Thread.sleep(2_000);
            report.row(row("raw HiveMQ (wire)", resumedWire, secondWire, sent, wire));
            report.row(row("mqtt-ha SDK (app)", resumedApplication, secondApplication, sent, application));
        } finally {
            publishing.shutdownNow();
            try {
                wireSubscriber.disconnect().get(2, TimeUnit.SECONDS);
            } catch (Exception alreadyGone) {
                // Nothing is left to release on a connection that is already closed.
            }
        }
    }

    private static void endFreezeIfDue(LocalCluster cluster, NodeSpec relay, long resumeAtNanos) {
        if (System.nanoTime() >= resumeAtNanos && cluster.isPaused(relay.name())) {
            cluster.resume(relay.name());
        }
    }

    private static Map<String, Object> row(String subscriber, List<Long> resumed, List<Long> second, long sent,
            Arrivals arrivals) {
        List<Long> completed = resumed.stream().filter(millis -> millis >= 0).sorted().toList();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("subscriber", subscriber);
        row.put("runs", resumed.size() + (completed.size() < resumed.size()
                ? " (" + (resumed.size() - completed.size()) + " did not resume within " + RESUME_LIMIT.toSeconds() + " s)" : ""));
        row.put("resumed p50 ms", completed.isEmpty() ? "-" : completed.get((completed.size() - 1) / 2));
        row.put("resumed max ms", completed.isEmpty() ? "-" : completed.get(completed.size() - 1));
        row.put("second interruption max ms", second.stream().mapToLong(Long::longValue).max().orElse(0));
        row.put("sent", sent);
        row.put("lost", arrivals.lostOf(sent));
        row.put("duplicated", arrivals.duplicates());
        return row;
    }

    private static HaClientConfig sdkConfig(NodeSpec home, ClusterDescription description, Login login, String clientId) {
        return HaClientConfig.builder().addresses(description.edgeAddresses()).credentials(ClusterLogin.credentials(login))
                .clientId(clientId).nodeSelection(NodeSelection.PREFERRED).preferredNode(home.address()).build();
    }
}
