package io.mqttha.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.FailoverEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.MqttProtocol;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuityConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Retained state at scale on the real cluster. An SDK origin on node-1 holds thousands of retained topics.
 * (a) An SDK subscriber on node-2 loses its node (SIGKILL): how long until its application has received
 * every retained copy again from the node it moved to. (b) An edge with no clients is cut off (SIGSTOP)
 * until relay-a drops its bridge, a sample of the topics gets new values meanwhile, the edge rejoins and
 * its bridge re-sends the stale copies: how long until every edge holds the newest value of every sampled
 * topic again.
 */
@Command(name = "retained", mixinStandardHelpOptions = true,
        description = {"Retained state at scale: (a) time for an SDK subscriber whose node is killed to receive every retained "
                + "topic again on its new node; (b) time for every edge to converge on the newest values after a stale edge rejoins."})
final class RetainedBenchmark implements Callable<Integer> {

    private static final int QUICK_TOPICS = 2000;
    private static final int QUICK_SAMPLE = 50;
    private static final int QUICK_RUNS = 2;
    private static final int QUICK_REJOIN_RUNS = 1;
    private static final String PREFIX = "mqtt-ha/bench/retained/";
    private static final String ORIGIN_EDGE = "node-1";
    private static final String SUBSCRIBER_EDGE = "node-2";
    private static final String CUT_OFF_EDGE = "node-5";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Progress lines while loading: every tenth of the topics, but not more often than this many. */
    private static final int PROGRESS_EVERY = 10_000;
    private static final int PUBLISH_WINDOW = 500;

    @Spec
    CommandSpec spec;

    @Option(names = "--topics", defaultValue = "10000", description = "Retained topics (default: ${DEFAULT-VALUE}).")
    int topics;

    @Option(names = "--sample", defaultValue = "100",
            description = "Topics updated while the edge is cut off, in (b); must divide --topics (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--runs", defaultValue = "5", description = "Kills of the subscriber's node, in (a) (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--rejoin-runs", defaultValue = "3", description = "Stale rejoins, in (b) (default: ${DEFAULT-VALUE}).")
    int rejoinRuns;

    @Option(names = "--quick", description = "The CI-sized run: --topics " + QUICK_TOPICS + " --sample " + QUICK_SAMPLE
            + " --runs " + QUICK_RUNS + " --rejoin-runs " + QUICK_REJOIN_RUNS + ".")
    boolean quick;

    @Option(names = "--subscriber-qos", defaultValue = "1",
            description = "QoS of the subscriber's subscription in (a), 0 or 1 (default: ${DEFAULT-VALUE}). At 1, more than "
                    + "65,535 retained topics make Mosquitto 2.0.11 reuse packet identifiers still in flight.")
    int subscriberQos;

    @Option(names = "--protocol", defaultValue = "MQTT_5",
            description = "Protocol of the origin and the subscriber, MQTT_5 or MQTT_3_1_1 (default: ${DEFAULT-VALUE}). "
                    + "MQTT 3.1.1 carries no versions: the origin tells a stale copy by its payload instead.")
    MqttProtocol protocol;

    @Option(names = "--no-guard", description = "Start the brokers without the retained guard plugin, so that only the "
            + "SDK's origin heals stale copies (what a cluster of brokers without the plugin gets).")
    boolean noGuard;

    @Option(names = "--second-fault", paramLabel = "NODE",
            description = "In (b), kill NODE (SIGKILL) as soon as the rejoining edge's bridge is back, while its copies are "
                    + "in flight, and restart it: the origin's node-1 or the rejoining " + CUT_OFF_EDGE + ".")
    String secondFault;

    @Option(names = "--timeline", description = "In (b), print every edge's count of stale topics every "
            + Timeline.PERIOD_MILLIS + " ms until it converged.")
    boolean printTimeline;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    private int topicCount;
    private int sampleCount;
    private final Map<Integer, Long> versions = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        topicCount = quick ? QUICK_TOPICS : topics;
        sampleCount = quick ? QUICK_SAMPLE : sample;
        int killRuns = quick ? QUICK_RUNS : runs;
        int staleRuns = quick ? QUICK_REJOIN_RUNS : rejoinRuns;
        OptionChecks.positive(spec, "--topics", topicCount);
        OptionChecks.positive(spec, "--sample", sampleCount);
        OptionChecks.require(spec, sampleCount <= topicCount && topicCount % sampleCount == 0,
                "--sample must divide --topics (" + topicCount + "), and " + sampleCount + " does not.");
        OptionChecks.require(spec, killRuns >= 0 && staleRuns >= 0, "--runs and --rejoin-runs must not be negative.");
        OptionChecks.require(spec, subscriberQos == 0 || subscriberQos == 1, "--subscriber-qos must be 0 or 1, not " + subscriberQos + ".");
        OptionChecks.require(spec, secondFault == null || secondFault.equals(ORIGIN_EDGE) || secondFault.equals(CUT_OFF_EDGE),
                "--second-fault must be " + ORIGIN_EDGE + " (the origin's node) or " + CUT_OFF_EDGE + " (the rejoining edge), not "
                        + secondFault + ".");

        Report report = new Report("Retained state resync on the cluster (ms)",
                List.of("measurement", "topics", "runs", "completed", "p50", "max"));
        report.context("machine", Machine.describe())
                .context("cluster", "7 edges + relay pair, local mosquitto processes")
                .context("origin", "SDK client on node-1 (defaults, " + protocol + "), every topic retained at QoS 1")
                .context("subscriber", "SDK client on " + SUBSCRIBER_EDGE + ", QoS " + subscriberQos + ", standbySubscriptions(false), "
                        + "continuity with dropDuplicates(false); counts topics received with the retain flag")
                .context("cutOffEdge", CUT_OFF_EDGE + " (no clients), paused until relay-a drops its bridge");
        Path runDirectory = Files.createTempDirectory("mqtt-ha-bench-retained");
        try (LocalCluster cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory,
                ClusterOptions.quiet().withRetainedGuard(!noGuard));
             HaMqttClient origin = HaMqttClient.create(config(cluster, "bench-retained-origin", ORIGIN_EDGE).build())) {
            System.err.println(cluster.retainedGuard().summary());
            report.context("retainedGuard", cluster.retainedGuard().plugin().isPresent() ? "loaded on every node"
                    : cluster.retainedGuard().summary());
            origin.connect().get(20, TimeUnit.SECONDS);
            long heapBeforeLoad = Machine.usedHeapAfterGc();
            long loadStart = System.nanoTime();
            publish(origin, allTopics());
            System.err.printf(Locale.ROOT, "Published %d retained topics in %.1f s%n", topicCount,
                    (System.nanoTime() - loadStart) / 1e9);
            // What the origin keeps per topic (its retained state, stream sequence, replay buffer share): the
            // benchmark's own version map is as small as the loop's list and counted once in the baseline.
            long originBytesPerTopic = (Machine.usedHeapAfterGc() - heapBeforeLoad) / topicCount;
            System.err.printf(Locale.ROOT, "Origin heap: %,d bytes per retained topic%n", originBytesPerTopic);
            report.context("originHeapBytesPerTopic", originBytesPerTopic);
            try (RetainedWatch watch = RetainedWatch.start(cluster.description().edges(), ClusterLogin.operator(cluster),
                    PREFIX + "#")) {
                // The bridges carry the values to the other edges after node-1 acknowledged them; a subscriber
                // that subscribes before its edge holds them all gets the rest live, not as retained copies.
                watch.expect(newest(allTopics()));
                awaitCondition(watch::converged, "every edge holding all " + topicCount + " values");
                System.err.printf(Locale.ROOT, "Every edge holds all %d values %.1f s after the first publish%n",
                        topicCount, (System.nanoTime() - loadStart) / 1e9);
                measureResyncAfterKill(cluster, killRuns, report);
                measureStaleRejoin(cluster, origin, watch, staleRuns, report);
            }
        }
        if (secondFault != null) {
            report.context("secondFault", secondFault + " killed (SIGKILL) as soon as " + CUT_OFF_EDGE
                    + "'s bridge was back, and restarted at once");
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    private List<Integer> allTopics() {
        List<Integer> all = new ArrayList<>(topicCount);
        for (int i = 0; i < topicCount; i++) {
            all.add(i);
        }
        return all;
    }

    /** Topic {@code i} sits under group {@code i / stride}, so the sample (every stride-th topic) is {@code +/0}. */
    private String topic(int index) {
        int stride = topicCount / sampleCount;
        return PREFIX + (index / stride) + "/" + (index % stride);
    }

    private List<Integer> sampleTopics() {
        int stride = topicCount / sampleCount;
        List<Integer> sampled = new ArrayList<>(sampleCount);
        for (int i = 0; i < topicCount; i += stride) {
            sampled.add(i);
        }
        return sampled;
    }

    private static String payload(int index, long version) {
        return index + " v" + version;
    }

    /** Publishes the next version of each topic and waits for every acknowledgement. */
    private void publish(HaMqttClient origin, List<Integer> indexes) throws Exception {
        Semaphore window = new Semaphore(PUBLISH_WINDOW);
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>(indexes.size());
        int step = Math.max(PROGRESS_EVERY, indexes.size() / 10);
        for (int index : indexes) {
            long version = versions.merge(index, 1L, Long::sum);
            window.acquire();
            CompletableFuture<PublishResult> future = origin.publish(topic(index),
                    payload(index, version).getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true);
            future.whenComplete((result, failure) -> window.release());
            futures.add(future);
            if (futures.size() % step == 0 && futures.size() < indexes.size()) {
                System.err.printf(Locale.ROOT, "  %,d of %,d retained values published%n", futures.size(), indexes.size());
            }
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void measureResyncAfterKill(LocalCluster cluster, int killRuns, Report report) throws Exception {
        AtomicReference<Set<String>> received = new AtomicReference<>(ConcurrentHashMap.newKeySet());
        AtomicLong failedOverAt = new AtomicLong();
        List<Double> resynced = new ArrayList<>();
        List<Double> afterFailover = new ArrayList<>();
        // Without standby subscriptions: a standby connection holds the subscriptions already and was sent
        // every retained copy when it subscribed, so after a failover the broker sends nothing again.
        // Duplicates are handed to the application so that the copies it had before count as received again.
        HaClientConfig.Builder subscriberConfig = config(cluster, "bench-retained-subscriber", SUBSCRIBER_EDGE)
                .standbySubscriptions(false);
        // MQTT 3.1.1 has no continuity: nothing to drop as a duplicate, no streams to track.
        HaClientConfig config = protocol == MqttProtocol.MQTT_3_1_1 ? subscriberConfig.build()
                : subscriberConfig.continuity(ContinuityConfig.builder().dropDuplicates(false)
                        .maxStreams(Math.max(ContinuityConfig.DEFAULT_MAX_STREAMS, 2 * topicCount)).build()).build();
        long heapBeforeSubscriber = Machine.usedHeapAfterGc();
        try (HaMqttClient subscriber = HaMqttClient.create(config)) {
            subscriber.addListener(new HaClientListener() {
                @Override
                public void onFailover(FailoverEvent event) {
                    failedOverAt.compareAndSet(0, System.nanoTime());
                }
            });
            subscriber.connect().get(20, TimeUnit.SECONDS);
            // The floor, on the same node just before: what the broker takes to hand a raw client every copy.
            double raw = rawFreshSubscriptionMillis(cluster);
            System.err.printf(Locale.ROOT, "Raw HiveMQ client: all %d retained topics in %.0f ms%n", topicCount, raw);
            addRow(report, "fresh subscription, raw HiveMQ client on the same node just before", topicCount,
                    Double.isNaN(raw) ? List.of() : List.of(raw), 1);
            long subscribedAt = System.nanoTime();
            subscriber.subscribe(PREFIX + "#", subscriberQos == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE, message -> {
                if (message.retain()) {
                    received.get().add(message.topic());
                }
            }).get(20, TimeUnit.SECONDS);
            if (!awaitQuietly(() -> received.get().size() == topicCount)) {
                List<String> missing = new ArrayList<>();
                for (int index = 0; index < topicCount && missing.size() < 5; index++) {
                    if (!received.get().contains(topic(index))) {
                        missing.add(topic(index));
                    }
                }
                // Recorded as not completed, and (b) still runs: it does not need this subscriber.
                System.err.println("The subscriber's first " + topicCount + " retained copies did not all arrive within "
                        + WAIT + ": " + received.get().size() + " arrived; missing " + String.join(", ", missing)
                        + ", ...; the subscriber's " + subscriber.metrics() + ". Skipping the kills of (a).");
                addRow(report, "fresh subscription: all retained copies received", topicCount, List.of(), 1);
                addRow(report, "(a) node killed: all retained copies again, from the kill", topicCount, List.of(), killRuns);
                addRow(report, "(a) node killed: all retained copies again, from the failover", topicCount, List.of(), killRuns);
                return;
            }
            double initial = (System.nanoTime() - subscribedAt) / 1e6;
            System.err.printf(Locale.ROOT, "Fresh subscription received all %d retained topics in %.0f ms%n", topicCount, initial);
            addRow(report, "fresh subscription: all retained copies received", topicCount, List.of(initial), 1);
            // The benchmark's own set of received topics is dropped first: what is left is the subscriber's.
            received.set(ConcurrentHashMap.newKeySet());
            // The rest of the JVM changes meanwhile, the origin's buffers above all: at 10,000 topics this agrees with
            // a heap histogram (jmap -histo:live) within 6 %; at 100,000 it does not (docs/benchmarks.md).
            long subscriberBytesPerTopic = (Machine.usedHeapAfterGc() - heapBeforeSubscriber) / topicCount;
            System.err.printf(Locale.ROOT, "Subscriber heap: %,d bytes per retained topic%n", subscriberBytesPerTopic);
            report.context("subscriberHeapBytesPerTopic", subscriberBytesPerTopic);

            BrokerAddress home = BrokerAddress.parse(cluster.description().node(SUBSCRIBER_EDGE).address());
            for (int run = 1; run <= killRuns; run++) {
                received.set(ConcurrentHashMap.newKeySet());
                failedOverAt.set(0);
                long killedAt = System.nanoTime();
                cluster.kill(SUBSCRIBER_EDGE);
                boolean complete = awaitQuietly(() -> received.get().size() == topicCount);
                long doneAt = System.nanoTime();
                if (complete) {
                    resynced.add((doneAt - killedAt) / 1e6);
                    afterFailover.add((doneAt - failedOverAt.get()) / 1e6);
                }
                System.err.printf(Locale.ROOT, "kill %d/%d: %s%n", run, killRuns, complete
                        ? String.format(Locale.ROOT, "all %d retained copies again %.0f ms after the kill (failover after %.0f ms)",
                        topicCount, resynced.get(resynced.size() - 1), (failedOverAt.get() - killedAt) / 1e6)
                        : "only " + received.get().size() + " of " + topicCount + " within " + WAIT);
                // Back home before the next run, and every copy of the failback's resubscription in, so that
                // the next kill starts from the same state and counts only what follows it.
                received.set(ConcurrentHashMap.newKeySet());
                cluster.restart(SUBSCRIBER_EDGE);
                awaitCondition(() -> subscriber.currentNode().map(home::equals).orElse(false)
                        && received.get().size() == topicCount, "the subscriber's return to " + SUBSCRIBER_EDGE);
            }
        }
        addRow(report, "(a) node killed: all retained copies again, from the kill", topicCount, resynced, killRuns);
        addRow(report, "(a) node killed: all retained copies again, from the failover", topicCount, afterFailover, killRuns);
    }

    private void measureStaleRejoin(LocalCluster cluster, HaMqttClient origin, RetainedWatch watch, int staleRuns,
            Report report) throws Exception {
        List<Double> converged = new ArrayList<>();
        List<Double> afterBridge = new ArrayList<>();
        List<Integer> sampled = sampleTopics();
        for (int run = 1; run <= staleRuns; run++) {
            staleRejoinRun(cluster, origin, watch, sampled, run, staleRuns, converged, afterBridge);
        }
        addRow(report, "(b) stale rejoin: every edge holds the newest values, from the resume", sampleCount, converged, staleRuns);
        addRow(report, "(b) stale rejoin: every edge holds the newest values, from the bridge's return", sampleCount,
                afterBridge, staleRuns);
    }

    private void staleRejoinRun(LocalCluster cluster, HaMqttClient origin, RetainedWatch watch, List<Integer> sampled,
            int run, int staleRuns, List<Double> converged, List<Double> afterBridge) throws Exception {
        watch.expect(newest(sampled));
        awaitCondition(watch::converged, "every edge holding the sample's current values");
        cluster.pause(CUT_OFF_EDGE);
        awaitCondition(() -> cluster.bridgedTo(CUT_OFF_EDGE).isEmpty(), "relay-a dropping " + CUT_OFF_EDGE + "'s bridge");
        publish(origin, sampled);
        watch.expect(newest(sampled));
        // The new values still cross the bridges after node-1 acknowledged them; the run measures the rejoin
        // only, so the other edges hold them all before the cut-off edge comes back.
        awaitCondition(() -> watch.stale().entrySet().stream()
                .allMatch(edge -> edge.getKey().equals(CUT_OFF_EDGE) || edge.getValue() == 0), "the other edges holding the new values");
        long resumedAt = System.nanoTime();
        cluster.resume(CUT_OFF_EDGE);
        // The bridge's return is watched on a thread of its own, beside the convergence check.
        AtomicLong bridgedAt = new AtomicLong();
        Thread bridgeWatch = new Thread(() -> {
            try {
                if (awaitQuietly(() -> cluster.bridgedTo(CUT_OFF_EDGE).isPresent())) {
                    bridgedAt.set(System.nanoTime());
                    if (secondFault != null) {
                        cluster.kill(secondFault);
                        cluster.restart(secondFault);
                        System.err.printf(Locale.ROOT, "  %s killed when the bridge was back and restarted %.0f ms later%n",
                                secondFault, (System.nanoTime() - bridgedAt.get()) / 1e6);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bridge-watch");
        bridgeWatch.setDaemon(true);
        bridgeWatch.start();
        Timeline timeline = printTimeline ? Timeline.start(watch, resumedAt) : null;
        boolean complete = awaitQuietly(watch::converged);
        long doneAt = System.nanoTime();
        bridgeWatch.join(WAIT.toMillis());
        if (timeline != null) {
            timeline.stop();
        }
        double millis = (doneAt - resumedAt) / 1e6;
        if (complete) {
            converged.add(millis);
            if (bridgedAt.get() != 0) {
                afterBridge.add(Math.max(0, doneAt - bridgedAt.get()) / 1e6);
            }
        }
        System.err.printf(Locale.ROOT, "stale rejoin %d/%d: %s%n", run, staleRuns, complete
                ? String.format(Locale.ROOT, "every edge holds the newest %d values %.0f ms after %s resumed "
                + "(its bridge was back after %.0f ms)", sampleCount, millis, CUT_OFF_EDGE,
                bridgedAt.get() == 0 ? Double.NaN : (bridgedAt.get() - resumedAt) / 1e6)
                : "not converged within " + WAIT + ": stale values per edge " + watch.stale());
    }

    /** Subscribe to every topic to all retained copies received, for a plain client; NaN when they did not all come. */
    private double rawFreshSubscriptionMillis(LocalCluster cluster) throws Exception {
        NodeSpec node = cluster.description().node(SUBSCRIBER_EDGE);
        Login login = ClusterLogin.operator(cluster);
        Mqtt5AsyncClient raw = Mqtt5Client.builder().identifier("bench-retained-raw-" + UUID.randomUUID())
                .serverHost(node.host()).serverPort(node.port())
                .simpleAuth().username(login.username()).password(login.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildAsync();
        Set<String> received = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> all = new CompletableFuture<>();
        raw.publishes(MqttGlobalPublishFilter.ALL, publish -> {
            if (publish.isRetain() && received.add(publish.getTopic().toString()) && received.size() == topicCount) {
                all.complete(null);
            }
        });
        raw.connect().get(20, TimeUnit.SECONDS);
        try {
            long start = System.nanoTime();
            raw.subscribeWith().topicFilter(PREFIX + "#")
                    .qos(subscriberQos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE).send();
            all.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return (System.nanoTime() - start) / 1e6;
        } catch (TimeoutException incomplete) {
            return Double.NaN;
        } finally {
            raw.disconnect();
        }
    }

    /** The newest value of each sampled topic, as every edge should hold it. */
    private Map<String, String> newest(List<Integer> sampled) {
        Map<String, String> values = new HashMap<>();
        for (int index : sampled) {
            values.put(topic(index), payload(index, versions.get(index)));
        }
        return values;
    }

    private static void addRow(Report report, String measurement, int topicsCovered, List<Double> millis, int runs) {
        Percentiles stats = Percentiles.of(millis);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("measurement", measurement);
        row.put("topics", topicsCovered);
        row.put("runs", runs);
        row.put("completed", stats.count());
        row.put("p50", stats.p50());
        row.put("max", stats.max());
        report.row(row);
    }

    private HaClientConfig.Builder config(LocalCluster cluster, String clientId, String preferredEdge) {
        return HaClientConfig.builder()
                .addresses(cluster.description().edgeAddresses())
                .credentials(ClusterLogin.credentials(ClusterLogin.operator(cluster)))
                .clientId(clientId)
                .protocol(protocol)
                .nodeSelection(NodeSelection.PREFERRED)
                .preferredNode(cluster.description().node(preferredEdge).address());
    }

    private static boolean awaitQuietly(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        if (!awaitQuietly(condition)) {
            throw new IllegalStateException("Gave up waiting for " + what + " after " + WAIT);
        }
    }

    /** Prints every edge's stale count on standard error while a stale rejoin converges. */
    private static final class Timeline {
        static final int PERIOD_MILLIS = 250;
        private final Thread thread;

        private Timeline(Thread thread) {
            this.thread = thread;
        }

        static Timeline start(RetainedWatch watch, long startedAt) {
            Thread thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    System.err.printf(Locale.ROOT, "  +%6.2f s stale %s%n", (System.nanoTime() - startedAt) / 1e9, watch.stale());
                    try {
                        Thread.sleep(PERIOD_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "retained-timeline");
            thread.setDaemon(true);
            thread.start();
            return new Timeline(thread);
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
