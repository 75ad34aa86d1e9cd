package io.mqttha.bench;

import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.BufferFullException;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.continuity.StreamStats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The chaos soak: the local nine-broker cluster, a publisher per edge sending numbered QoS 1 and QoS 2
 * streams and a versioned retained state, an SDK subscriber per edge, and a seeded random schedule of
 * kills, pauses and restarts of edges and relays. At the end every fault is healed and the run settles;
 * then each subscriber's application-level tally (from the numbers in the payloads, not from the SDK's
 * tracker) says what was lost or duplicated, and plain reads of every edge say whether the retained state
 * converged to each publisher's newest version.
 */
final class ChaosSoak {

    /** The QoS levels whose streams must arrive complete and exactly once. */
    static final List<Qos> GUARANTEED = List.of(Qos.AT_LEAST_ONCE, Qos.EXACTLY_ONCE);

    /**
     * Origins announce their latest numbers every second instead of every five: a stream's lost tail is
     * found (and repaired) that much sooner after the end, which keeps the settling phase short. It
     * changes when a gap is noticed, not whether.
     */
    static final Duration ANNOUNCE_INTERVAL = Duration.ofSeconds(1);

    /** Longest wait at the end for every edge to report its bridge on relay-a again. */
    private static final Duration BRIDGES_WAIT = Duration.ofSeconds(30);
    /** Longest wait at the end for every edge to hand out each publisher's newest retained state. */
    private static final Duration RETAINED_WAIT = Duration.ofSeconds(20);
    /** After everything arrived, how long to keep listening for late duplicates before counting. */
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(3);
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final String TOPIC_PREFIX = "soak/";
    private static final String STATE_FILTER = TOPIC_PREFIX + "+/state";

    /**
     * What to run.
     *
     * @param duration            how long faults are injected and streams published
     * @param seed                seed of the fault schedule
     * @param ratePerStream       messages per second of each publisher's QoS 1 stream, and of its QoS 2 stream
     * @param stateInterval       how often each publisher publishes a new version of its retained state
     * @param meanFaultInterval   mean time between the starts of two faults
     * @param minFaultHold        shortest time a fault lasts before it is healed
     * @param maxFaultHold        longest time a fault lasts before it is healed
     * @param maxConcurrentFaults how many nodes may be faulted at once
     * @param relayFaults         whether the relays are faulted too, or only the edges
     * @param settleTimeout       longest wait after the end for every message to arrive
     */
    record Settings(Duration duration, long seed, double ratePerStream, Duration stateInterval,
                    Duration meanFaultInterval, Duration minFaultHold, Duration maxFaultHold, int maxConcurrentFaults,
                    boolean relayFaults, Duration settleTimeout) {
    }

    /**
     * What one subscriber's application received of one QoS level, summed over the seven publishers.
     *
     * @param sent              numbers the publishers issued at this QoS
     * @param delivered         distinct numbers the application received
     * @param lost              issued numbers the application never received
     * @param duplicated        deliveries to the application of a number it had already received
     * @param reordered         first deliveries of a number lower than one the application had already received
     * @param repaired          messages the SDK's tracker reports as re-sent by their origin to fill a gap
     * @param trackerLost       what the SDK's tracker counts as lost (after repair)
     * @param duplicatesDropped duplicates the SDK's tracker dropped before the application
     * @param liveLatency       send-to-application latency of first deliveries that came live, in milliseconds
     * @param repairLatency     the same of first deliveries that filled a gap asked of the origin (repair delay
     *                          included)
     * @param retainedConverged whether the subscriber's edge hands out every publisher's newest retained state
     */
    record StreamOutcome(String subscriber, String edge, Qos qos, long sent, long delivered, long lost,
                         long duplicated, long reordered, long repaired, long trackerLost, long duplicatesDropped,
                         Percentiles liveLatency, Percentiles repairLatency, boolean retainedConverged) {
    }

    /**
     * The result of a soak.
     *
     * @param streams          one entry per subscriber and guaranteed QoS level
     * @param faults           how many faults of each kind and role were injected, e.g. {@code kill edge}
     * @param publishFailures  publishes whose future failed or that the SDK refused
     * @param settledAfter     from the end of the faults until every message had arrived, or the settle timeout
     * @param retainedDetail   per edge, the retained state values it held that are not the newest
     * @param liveLatency      latency of every first delivery that came live, all subscribers and streams
     * @param repairLatency    latency of every first delivery that came by repair, all subscribers and streams
     */
    record Outcome(List<StreamOutcome> streams, Map<String, Integer> faults, long publishFailures,
                   Duration settledAfter, Map<String, String> retainedDetail, Percentiles liveLatency,
                   Percentiles repairLatency) {

        /** Nothing lost, nothing duplicated to an application, retained state converged everywhere. */
        boolean passed() {
            return streams.stream().allMatch(s -> s.lost() == 0 && s.duplicated() == 0 && s.retainedConverged());
        }

        long lost() {
            return streams.stream().mapToLong(StreamOutcome::lost).sum();
        }

        long duplicated() {
            return streams.stream().mapToLong(StreamOutcome::duplicated).sum();
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;
    /** When publishing and faults began; progress lines give times relative to it. */
    private volatile long startNanos;

    ChaosSoak(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the soak on a new cluster in {@code runDirectory}; every broker and client is stopped on return. */
    Outcome run(Path runDirectory) throws InterruptedException {
        List<HaMqttClient> clients = new ArrayList<>();
        ScheduledExecutorService publishing = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "soak-publishing");
            thread.setDaemon(true);
            return thread;
        });
        try (LocalCluster cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory, ClusterOptions.quiet())) {
            // As ./demo runs it: a paused relay is replaced, not waited out.
            cluster.superviseRelays(event -> progress.accept(String.format(java.util.Locale.ROOT, "%7.1f s  supervisor: %s",
                    seconds(startNanos), event)));
            try {
                return run(cluster, clients, publishing);
            } finally {
                // Clients first: closed after their brokers, they would report every connection as lost.
                publishing.shutdownNow();
                clients.forEach(HaMqttClient::close);
            }
        }
    }

    private Outcome run(LocalCluster cluster, List<HaMqttClient> clients, ScheduledExecutorService publishing)
            throws InterruptedException {
        ClusterDescription description = cluster.description();
        Login operator = ClusterLogin.operator(cluster);
        progress.accept("Cluster up on free ports in " + cluster.runDirectory());
        List<Subscriber> subscribers = new ArrayList<>();
        List<Publisher> publishers = new ArrayList<>();
        for (int index = 1; index <= description.edges().size(); index++) {
            subscribers.add(new Subscriber(description, operator, index, clients));
        }
        for (int index = 1; index <= description.edges().size(); index++) {
            publishers.add(new Publisher(description, operator, index, clients));
        }
        progress.accept("7 subscribers and 7 publishers connected; publishing " + settings.ratePerStream()
                + " msg/s per stream at QoS 1 and 2 for " + settings.duration() + ", seed " + settings.seed());
        startNanos = System.nanoTime();
        startPublishing(publishing, publishers);

        Map<String, ActiveFault> active = new LinkedHashMap<>();
        Map<String, Integer> faultCounts = injectFaults(cluster, subscribers, publishers, active);

        publishing.shutdownNow();
        publishing.awaitTermination(5, TimeUnit.SECONDS);
        long endedAt = System.nanoTime();
        healAll(cluster, active);
        progress.accept("Faults and publishing stopped; every node healed. Settling (at most "
                + settings.settleTimeout() + ") ...");
        awaitBridges(cluster);
        awaitOutstanding(publishers, endedAt + settings.settleTimeout().toNanos());
        Duration settledAfter = settle(subscribers, publishers, endedAt);
        Map<String, String> retainedDetail = awaitRetainedConvergence(description, operator, publishers);
        return outcome(subscribers, publishers, faultCounts, settledAfter, retainedDetail);
    }

    private void startPublishing(ScheduledExecutorService publishing, List<Publisher> publishers) {
        long periodMicros = Math.max(1, Math.round(1_000_000 / settings.ratePerStream()));
        for (Publisher publisher : publishers) {
            for (Qos qos : GUARANTEED) {
                publishing.scheduleAtFixedRate(() -> publisher.publishNumbered(qos), 0, periodMicros, TimeUnit.MICROSECONDS);
            }
            publishing.scheduleAtFixedRate(publisher::publishState, 0, settings.stateInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A fault in force: what was done, and when it is to be healed. */
    private record ActiveFault(FaultPlanner.Kind kind, long healAtNanos) {
    }

    /**
     * Injects faults until the soak's duration has passed, healing each when its hold is over.
     *
     * @param active filled with the faults in force; those still in force at the end are left in it
     * @return how many faults of each kind and role were injected
     */
    private Map<String, Integer> injectFaults(LocalCluster cluster, List<Subscriber> subscribers,
            List<Publisher> publishers, Map<String, ActiveFault> active) throws InterruptedException {
        ClusterDescription description = cluster.description();
        FaultPlanner planner = new FaultPlanner(
                description.edges().stream().map(NodeSpec::name).toList(),
                settings.relayFaults() ? List.of(description.primaryRelay().name(), description.standbyRelay().name())
                        : List.of(),
                settings.maxConcurrentFaults(), settings.minFaultHold(), settings.maxFaultHold());
        Random random = new Random(settings.seed());
        Map<String, Integer> counts = new TreeMap<>();
        long start = startNanos;
        long end = start + settings.duration().toNanos();
        long nextFaultAt = start + FaultPlanner.gap(random, settings.meanFaultInterval()).toNanos();
        long nextStatusAt = start + STATUS_INTERVAL.toNanos();
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            for (Map.Entry<String, ActiveFault> entry : List.copyOf(active.entrySet())) {
                if (now >= entry.getValue().healAtNanos() && heal(cluster, entry.getKey(), entry.getValue().kind(), start)) {
                    active.remove(entry.getKey());
                }
            }
            if (now >= nextFaultAt) {
                Optional<FaultPlanner.Fault> fault = planner.next(random, Set.copyOf(active.keySet()));
                if (fault.isPresent() && inject(cluster, fault.get(), start)) {
                    FaultPlanner.Fault f = fault.get();
                    active.put(f.node(), new ActiveFault(f.kind(), System.nanoTime() + f.hold().toNanos()));
                    counts.merge(f.kind().label() + " " + role(description, f.node()), 1, Integer::sum);
                }
                nextFaultAt = System.nanoTime() + FaultPlanner.gap(random, settings.meanFaultInterval()).toNanos();
            }
            if (now >= nextStatusAt) {
                progress.accept(status(start, subscribers, publishers, active.keySet()));
                nextStatusAt += STATUS_INTERVAL.toNanos();
            }
            Thread.sleep(20);
        }
        return counts;
    }

    private void healAll(LocalCluster cluster, Map<String, ActiveFault> active) throws InterruptedException {
        for (Map.Entry<String, ActiveFault> entry : active.entrySet()) {
            long deadline = System.nanoTime() + BRIDGES_WAIT.toNanos();
            while (!heal(cluster, entry.getKey(), entry.getValue().kind(), startNanos) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
        active.clear();
    }

    private static String role(ClusterDescription description, String node) {
        return description.edges().stream().anyMatch(edge -> edge.name().equals(node)) ? "edge" : "relay";
    }

    private boolean inject(LocalCluster cluster, FaultPlanner.Fault fault, long start) {
        try {
            switch (fault.kind()) {
                case KILL -> cluster.kill(fault.node());
                case PAUSE -> cluster.pause(fault.node());
                case RESTART -> cluster.stop(fault.node());
            }
            progress.accept(String.format(java.util.Locale.ROOT, "%7.1f s  %-7s %-8s for %.1f s", seconds(start),
                    fault.kind().label(), fault.node(), fault.hold().toMillis() / 1000.0));
            return true;
        } catch (ClusterException e) {
            progress.accept("Could not " + fault.kind().label() + " " + fault.node() + ": " + e.getMessage());
            return false;
        }
    }

    /** Heals a fault; a restart that fails (a port not yet released) is retried by the caller. */
    private boolean heal(LocalCluster cluster, String node, FaultPlanner.Kind kind, long start) {
        try {
            if (kind == FaultPlanner.Kind.PAUSE) {
                if (!cluster.isPaused(node)) {
                    progress.accept(String.format(java.util.Locale.ROOT, "%7.1f s  %s was replaced by the supervisor",
                            seconds(start), node));
                    return true;
                }
                cluster.resume(node);
            } else {
                cluster.restart(node);
            }
            progress.accept(String.format(java.util.Locale.ROOT, "%7.1f s  healed %s", seconds(start), node));
            return true;
        } catch (ClusterException e) {
            progress.accept("Could not heal " + node + " yet: " + e.getMessage());
            return false;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private String status(long start, List<Subscriber> subscribers, List<Publisher> publishers, Set<String> faulted) {
        long sent = publishers.stream().mapToLong(Publisher::issuedTotal).sum();
        long slowest = subscribers.stream().mapToLong(Subscriber::distinctTotal).min().orElse(0);
        return String.format(java.util.Locale.ROOT, "%7.1f s  sent %d, slowest subscriber has %d, faulted now: %s",
                seconds(start), sent, slowest, faulted.isEmpty() ? "none" : String.join(", ", faulted));
    }

    private void awaitBridges(LocalCluster cluster) {
        try {
            cluster.awaitBridgesConnected(BRIDGES_WAIT);
        } catch (ClusterException e) {
            progress.accept(e.getMessage());
        }
    }

    private static void awaitOutstanding(List<Publisher> publishers, long deadlineNanos) throws InterruptedException {
        for (Publisher publisher : publishers) {
            CompletableFuture<Void> all = CompletableFuture.allOf(publisher.outstanding.toArray(CompletableFuture[]::new));
            try {
                all.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Failed publishes are counted by the publisher; unfinished ones show up as lost.
            }
        }
    }

    private Duration settle(List<Subscriber> subscribers, List<Publisher> publishers, long endedAt)
            throws InterruptedException {
        long deadline = endedAt + settings.settleTimeout().toNanos();
        while (System.nanoTime() < deadline && !everythingArrived(subscribers, publishers)) {
            Thread.sleep(250);
        }
        Duration settledAfter = Duration.ofNanos(System.nanoTime() - endedAt);
        progress.accept(everythingArrived(subscribers, publishers)
                ? "Every subscriber holds every message " + settledAfter.toMillis() + " ms after the end"
                : "Not every message arrived within " + settings.settleTimeout());
        Thread.sleep(QUIET_PERIOD.toMillis());
        return settledAfter;
    }

    private static boolean everythingArrived(List<Subscriber> subscribers, List<Publisher> publishers) {
        long sent = publishers.stream().mapToLong(Publisher::issuedTotal).sum();
        return subscribers.stream().allMatch(subscriber -> subscriber.distinctTotal() == sent);
    }

    /** Polls every edge until each hands out every publisher's newest state; returns what is still wrong. */
    private Map<String, String> awaitRetainedConvergence(ClusterDescription description, Login operator,
                                                         List<Publisher> publishers)
            throws InterruptedException {
        Map<String, String> expected = new TreeMap<>();
        for (Publisher publisher : publishers) {
            expected.put(publisher.stateTopic, publisher.newestState());
        }
        long deadline = System.nanoTime() + RETAINED_WAIT.toNanos();
        Map<String, String> wrong = new TreeMap<>();
        long start = System.nanoTime();
        do {
            wrong.clear();
            for (NodeSpec edge : description.edges()) {
                Map<String, String> held = RetainedReader.read(edge, operator, STATE_FILTER, expected.size(), Duration.ofSeconds(1));
                List<String> stale = new ArrayList<>();
                expected.forEach((topic, value) -> {
                    if (!value.equals(held.get(topic))) {
                        stale.add(topic + "=" + held.get(topic) + " (newest " + value + ")");
                    }
                });
                if (!stale.isEmpty()) {
                    wrong.put(edge.name(), String.join(", ", stale));
                }
            }
            if (wrong.isEmpty()) {
                progress.accept("Every edge holds every publisher's newest retained state ("
                        + (System.nanoTime() - start) / 1_000_000 + " ms after settling)");
                return wrong;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        wrong.forEach((edge, detail) -> progress.accept("Retained state on " + edge + " did not converge: " + detail));
        return wrong;
    }

    private Outcome outcome(List<Subscriber> subscribers, List<Publisher> publishers, Map<String, Integer> faults,
            Duration settledAfter, Map<String, String> retainedDetail) {
        List<StreamOutcome> streams = new ArrayList<>();
        MillisHistogram allLive = new MillisHistogram();
        MillisHistogram allRepaired = new MillisHistogram();
        for (Subscriber subscriber : subscribers) {
            List<StreamStats> tracked = subscriber.client.continuity().streams();
            for (Qos qos : GUARANTEED) {
                allLive.addAll(subscriber.liveLatency.get(qos));
                allRepaired.addAll(subscriber.repairLatency.get(qos));
                long sent = 0;
                long delivered = 0;
                long lost = 0;
                long duplicated = 0;
                long reordered = 0;
                for (Publisher publisher : publishers) {
                    long issued = publisher.issued.get(qos).get();
                    StreamTally tally = subscriber.tally(publisher.index, qos);
                    sent += issued;
                    delivered += tally.distinct();
                    lost += tally.missingOf(issued);
                    duplicated += tally.duplicates();
                    reordered += tally.reordered();
                }
                String suffix = "/qos" + qos.code();
                List<StreamStats> ofQos = tracked.stream().filter(s -> s.stream().topic().startsWith(TOPIC_PREFIX)
                        && s.stream().topic().endsWith(suffix)).toList();
                streams.add(new StreamOutcome(subscriber.clientId, subscriber.edge.name(), qos, sent, delivered, lost,
                        duplicated, reordered, ofQos.stream().mapToLong(StreamStats::repaired).sum(),
                        ofQos.stream().mapToLong(StreamStats::lost).sum(),
                        ofQos.stream().mapToLong(StreamStats::duplicates).sum(),
                        subscriber.liveLatency.get(qos).percentiles(), subscriber.repairLatency.get(qos).percentiles(),
                        !retainedDetail.containsKey(subscriber.edge.name())));
            }
        }
        long failures = publishers.stream().mapToLong(p -> p.failures.sum()).sum();
        return new Outcome(streams, faults, failures, settledAfter, retainedDetail, allLive.percentiles(),
                allRepaired.percentiles());
    }

    private static HaClientConfig.Builder clientConfig(ClusterDescription description, Login login, String clientId,
                                                      NodeSpec edge) {
        return HaClientConfig.builder()
                .addresses(description.edgeAddresses())
                .credentials(ClusterLogin.credentials(login))
                .clientId(clientId)
                .nodeSelection(NodeSelection.PREFERRED)
                .preferredNode(edge.address())
                .continuity(ContinuityConfig.builder().announceInterval(ANNOUNCE_INTERVAL).build());
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** An SDK client on one edge that publishes numbered QoS 1 and QoS 2 streams and a versioned retained state. */
    private static final class Publisher {
        final int index;
        final String stateTopic;
        final Map<Qos, AtomicLong> issued = new EnumMap<>(Qos.class);
        final Set<CompletableFuture<PublishResult>> outstanding = ConcurrentHashMap.newKeySet();
        final LongAdder failures = new LongAdder();
        private final HaMqttClient client;
        private final Map<Qos, String> topics = new EnumMap<>(Qos.class);
        private final AtomicLong stateVersion = new AtomicLong();

        Publisher(ClusterDescription description, Login login, int index, List<HaMqttClient> clients) {
            this.index = index;
            String name = "soak-publisher-" + index;
            this.stateTopic = TOPIC_PREFIX + name + "/state";
            for (Qos qos : GUARANTEED) {
                issued.put(qos, new AtomicLong());
                topics.put(qos, TOPIC_PREFIX + name + "/qos" + qos.code());
            }
            this.client = HaMqttClient.create(clientConfig(description, login, name, description.edges().get(index - 1)).build());
            clients.add(client);
            await(client.connect(), name + " connecting");
        }

        /** Payload {@code <publisher> <qos> <number> <sent-at-millis>}: the numbering the tally trusts. */
        void publishNumbered(Qos qos) {
            long number = issued.get(qos).incrementAndGet();
            String payload = index + " " + qos.code() + " " + number + " " + System.currentTimeMillis();
            track(() -> client.publish(topics.get(qos), payload.getBytes(StandardCharsets.US_ASCII), qos, false));
        }

        void publishState() {
            String payload = "v" + stateVersion.incrementAndGet();
            track(() -> client.publish(stateTopic, payload.getBytes(StandardCharsets.US_ASCII), Qos.AT_LEAST_ONCE, true));
        }

        String newestState() {
            return "v" + stateVersion.get();
        }

        long issuedTotal() {
            return issued.values().stream().mapToLong(AtomicLong::get).sum();
        }

        private void track(java.util.function.Supplier<CompletableFuture<PublishResult>> publish) {
            CompletableFuture<PublishResult> future;
            try {
                future = publish.get();
            } catch (BufferFullException e) {
                failures.increment();
                return;
            }
            outstanding.add(future);
            future.whenComplete((result, failure) -> {
                outstanding.remove(future);
                if (failure != null) {
                    failures.increment();
                }
            });
        }
    }

    /** An SDK client on one edge that tallies, per publisher and QoS, the numbers its application receives. */
    private static final class Subscriber {
        final NodeSpec edge;
        final String clientId;
        final HaMqttClient client;
        final Map<Qos, MillisHistogram> liveLatency = new EnumMap<>(Qos.class);
        final Map<Qos, MillisHistogram> repairLatency = new EnumMap<>(Qos.class);
        private final Map<String, StreamTally> tallies = new ConcurrentHashMap<>();

        Subscriber(ClusterDescription description, Login login, int index, List<HaMqttClient> clients) {
            this.edge = description.edges().get(index - 1);
            this.clientId = "soak-subscriber-" + index;
            this.client = HaMqttClient.create(clientConfig(description, login, clientId, edge).build());
            clients.add(client);
            await(client.connect(), clientId + " connecting");
            for (Qos qos : GUARANTEED) {
                liveLatency.put(qos, new MillisHistogram());
                repairLatency.put(qos, new MillisHistogram());
                await(client.subscribe(TOPIC_PREFIX + "+/qos" + qos.code(), qos, this::receive), clientId + " subscribing");
            }
        }

        StreamTally tally(int publisher, Qos qos) {
            return tallies.computeIfAbsent(publisher + "/" + qos.code(), key -> new StreamTally());
        }

        long distinctTotal() {
            return tallies.values().stream().mapToLong(StreamTally::distinct).sum();
        }

        private void receive(InboundMessage message) {
            long receivedAt = System.currentTimeMillis();
            String[] fields = new String(message.payload(), StandardCharsets.US_ASCII).split(" ");
            Qos qos = Qos.of(Integer.parseInt(fields[1]));
            if (tally(Integer.parseInt(fields[0]), qos).accept(Long.parseLong(fields[2]))) {
                (message.repaired() ? repairLatency : liveLatency).get(qos).record(receivedAt - Long.parseLong(fields[3]));
            }
        }
    }
}
