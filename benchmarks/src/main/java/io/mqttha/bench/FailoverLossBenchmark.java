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
import io.mqttha.client.InboundMessage;
import io.mqttha.client.Qos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages lost and duplicated when the broker a publisher is connected to is killed. Each client
 * publishes three numbered streams (QoS 0, 1 and 2) at a steady rate while its node is killed again and
 * again; on an edge it never uses, a raw HiveMQ subscriber counts what crossed the cluster (the wire) and
 * an SDK subscriber counts what its application was handed. Loss and duplication in a healthy cluster is
 * nil, so what the counts show is what the failovers cost.
 */
@Command(name = "failover-loss", mixinStandardHelpOptions = true,
        description = "Messages lost and duplicated at QoS 0/1/2 when the publisher's broker is killed: this SDK vs the "
                + "HiveMQ client rotating addresses vs Paho serverURIs.")
final class FailoverLossBenchmark implements Callable<Integer> {

    private static final int QUICK_RUNS = 5;
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(30);
    /** Steady publishing before each kill, so that every kill hits messages in flight. */
    private static final Duration BEFORE_KILL = Duration.ofMillis(500);
    /** Publishing on the new node before the killed one restarts, so that queued messages drain first. */
    private static final Duration AFTER_RECOVERY = Duration.ofMillis(500);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "100", description = "Kills per client (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quick", description = "The CI-sized run: --runs " + QUICK_RUNS + ".")
    boolean quick;

    @Option(names = "--rate", defaultValue = "50",
            description = "Messages per second of each QoS stream (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--timeout", defaultValue = "PT10S",
            description = "Longest wait for the client to reconnect after a kill, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--clients", split = ",", defaultValue = "SDK,HIVEMQ,PAHO",
            description = "Which clients to measure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<FailoverBenchmark.Contender> contenders;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
        int kills = quick ? QUICK_RUNS : runs;
        OptionChecks.positive(spec, "--runs", kills);
        OptionChecks.positive(spec, "--rate", rate);
        OptionChecks.require(spec, rate <= 1000, "--rate must be at most 1000 messages per second, not " + rate + ".");
        OptionChecks.positive(spec, "--timeout", timeout);
        OptionChecks.require(spec, !contenders.isEmpty(), "--clients must name at least one client.");

        Report report = new Report("Messages lost and duplicated when the publisher's broker is killed (" + kills
                + " kills per client, all three QoS streams at once)",
                List.of("client", "qos", "kills", "sent", "refused", "lost (wire)", "duplicated (wire)", "lost (SDK app)",
                        "duplicated (SDK app)", "lost per kill"));
        report.context("machine", Machine.describe())
                .context("cluster", "7 edges + relay pair, local mosquitto processes")
                .context("messagesPerSecondPerQos", rate)
                .context("publisher", "connected to node-1..node-6 (client's own failover); its node is SIGKILLed, "
                        + "restarted once the client published elsewhere")
                .context("wire", "raw HiveMQ subscriber on node-7, subscribed at the stream's QoS")
                .context("sdkApp", "SDK subscriber (defaults) on node-7: what its application was handed");
        Path runDirectory = Files.createTempDirectory("mqtt-ha-bench-failover-loss");
        try (LocalCluster cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory, ClusterOptions.quiet())) {
            for (FailoverBenchmark.Contender contender : contenders) {
                measure(cluster, contender, kills, report);
            }
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    private void measure(LocalCluster cluster, FailoverBenchmark.Contender contender, int kills, Report report)
            throws Exception {
        ClusterDescription description = cluster.description();
        Login login = ClusterLogin.operator(cluster);
        List<NodeSpec> publisherEdges = description.edges().subList(0, description.edges().size() - 1);
        NodeSpec subscriberEdge = description.edges().get(description.edges().size() - 1);
        String name = contender.name().toLowerCase(Locale.ROOT);
        String topicPrefix = "mqtt-ha/bench/failover-loss/" + name + "-" + System.nanoTime() + "/qos";
        Map<Qos, AtomicLong> issued = new EnumMap<>(Qos.class);
        Map<Qos, AtomicLong> refused = new EnumMap<>(Qos.class);
        Map<Qos, StreamTally> wire = new EnumMap<>(Qos.class);
        Map<Qos, StreamTally> application = new EnumMap<>(Qos.class);
        for (Qos qos : Qos.values()) {
            issued.put(qos, new AtomicLong());
            refused.put(qos, new AtomicLong());
            wire.put(qos, new StreamTally());
            application.put(qos, new StreamTally());
        }
        Mqtt5AsyncClient wireSubscriber = Mqtt5Client.builder().identifier("bench-loss-wire-" + name)
                .serverHost(subscriberEdge.host()).serverPort(subscriberEdge.port())
                .simpleAuth(Mqtt5SimpleAuth.builder().username(login.username())
                        .password(login.password().getBytes(StandardCharsets.UTF_8)).build())
                .buildAsync();
        ScheduledExecutorService publishing = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "failover-loss-publishing");
            thread.setDaemon(true);
            return thread;
        });
        try (HaMqttClient sdkSubscriber = HaMqttClient.create(HaClientConfig.builder().address(subscriberEdge.address())
                .credentials(ClusterLogin.credentials(login)).clientId("bench-loss-sdk-" + name).build());
             FailoverClient publisher = create(publisherEdges, contender, "bench-loss-" + name, login)) {
            wireSubscriber.connect().get(20, TimeUnit.SECONDS);
            wireSubscriber.publishes(MqttGlobalPublishFilter.ALL, publish -> count(wire, publish.getPayloadAsBytes()));
            sdkSubscriber.connect().get(20, TimeUnit.SECONDS);
            for (Qos qos : Qos.values()) {
                wireSubscriber.subscribeWith().topicFilter(topicPrefix + qos.code()).qos(MqttQos.fromCode(qos.code()))
                        .send().get(10, TimeUnit.SECONDS);
                sdkSubscriber.subscribe(topicPrefix + qos.code(), qos,
                        (InboundMessage message) -> count(application, message.payload())).get(10, TimeUnit.SECONDS);
            }
            publisher.connect();
            long periodMicros = 1_000_000L / rate;
            for (Qos qos : Qos.values()) {
                publishing.scheduleAtFixedRate(() -> {
                    long number = issued.get(qos).incrementAndGet();
                    if (!publisher.publishAsync(topicPrefix + qos.code(),
                            (qos.code() + " " + number).getBytes(StandardCharsets.US_ASCII), qos.code())) {
                        refused.get(qos).incrementAndGet();
                    }
                }, 0, periodMicros, TimeUnit.MICROSECONDS);
            }
            for (int run = 1; run <= kills; run++) {
                NodeSpec node = awaitConnectedNode(publisherEdges, publisher);
                Thread.sleep(BEFORE_KILL.toMillis());
                long killedAt = System.nanoTime();
                cluster.kill(node.name());
                boolean recovered = awaitElsewhere(publisher, node);
                System.err.printf(Locale.ROOT, "%-7s kill %3d/%d of %s: %s; lost so far (wire) qos0 %d, qos1 %d, qos2 %d%n",
                        contender, run, kills, node.name(), recovered
                                ? String.format(Locale.ROOT, "reconnected after %.0f ms", (System.nanoTime() - killedAt) / 1e6)
                                : "not reconnected within " + timeout,
                        missing(wire, issued, Qos.AT_MOST_ONCE), missing(wire, issued, Qos.AT_LEAST_ONCE),
                        missing(wire, issued, Qos.EXACTLY_ONCE));
                Thread.sleep(AFTER_RECOVERY.toMillis());
                cluster.restart(node.name());
            }
            publishing.shutdownNow();
            publishing.awaitTermination(5, TimeUnit.SECONDS);
            awaitSettled(wire, application, issued);
        } finally {
            publishing.shutdownNow();
            try {
                wireSubscriber.disconnect().get(2, TimeUnit.SECONDS);
            } catch (Exception alreadyGone) {
                // Nothing is left to release on a connection that is already closed.
            }
        }
        for (Qos qos : Qos.values()) {
            long sent = issued.get(qos).get();
            long lostOnWire = wire.get(qos).missingOf(sent);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("client", contender.label);
            row.put("qos", qos.code());
            row.put("kills", kills);
            row.put("sent", sent);
            row.put("refused", refused.get(qos).get());
            row.put("lost (wire)", lostOnWire);
            row.put("duplicated (wire)", wire.get(qos).duplicates());
            row.put("lost (SDK app)", application.get(qos).missingOf(sent));
            row.put("duplicated (SDK app)", application.get(qos).duplicates());
            row.put("lost per kill", (double) lostOnWire / kills);
            report.row(row);
        }
    }

    /** Payload {@code <qos> <number>}. */
    private static void count(Map<Qos, StreamTally> tallies, byte[] payload) {
        String[] fields = new String(payload, StandardCharsets.US_ASCII).split(" ");
        tallies.get(Qos.of(Integer.parseInt(fields[0]))).accept(Long.parseLong(fields[1]));
    }

    private static long missing(Map<Qos, StreamTally> tallies, Map<Qos, AtomicLong> issued, Qos qos) {
        return tallies.get(qos).missingOf(issued.get(qos).get());
    }

    /** Waits until both subscribers hold every QoS 1/2 message, or nothing new arrived for a while. */
    private static void awaitSettled(Map<Qos, StreamTally> wire, Map<Qos, StreamTally> application,
            Map<Qos, AtomicLong> issued) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean complete = true;
            for (Qos qos : List.of(Qos.AT_LEAST_ONCE, Qos.EXACTLY_ONCE)) {
                complete &= missing(wire, issued, qos) == 0 && missing(application, issued, qos) == 0;
            }
            if (complete) {
                break;
            }
            Thread.sleep(250);
        }
        // Duplicates may trail the last missing message.
        Thread.sleep(2000);
    }

    private NodeSpec awaitConnectedNode(List<NodeSpec> edges, FailoverClient client) throws InterruptedException {
        long deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> address = client.connectedAddress();
            if (address.isPresent()) {
                return edges.stream().filter(edge -> edge.address().equals(address.get())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("Connected to an unknown address " + address.get()));
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("The client did not reconnect within " + RECONNECT_WAIT);
    }

    private boolean awaitElsewhere(FailoverClient client, NodeSpec killed) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> address = client.connectedAddress();
            if (address.isPresent() && !address.get().equals(killed.address())) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static FailoverClient create(List<NodeSpec> edges, FailoverBenchmark.Contender contender, String clientId,
                                         Login login) throws Exception {
        // The adapters' topic for acknowledged publishes; this benchmark only uses publishAsync.
        String topic = "mqtt-ha/bench/failover-loss/acknowledged";
        List<InetSocketAddress> socketAddresses = edges.stream().map(edge -> new InetSocketAddress(edge.host(), edge.port())).toList();
        List<String> addresses = edges.stream().map(NodeSpec::address).toList();
        return switch (contender) {
            case SDK -> new SdkClient(String.join(",", addresses), clientId, topic, login);
            case HIVEMQ -> new HiveMqRotatingClient(socketAddresses, clientId, topic, false, login);
            case HIVEMQ_ZERO_DELAY -> new HiveMqRotatingClient(socketAddresses, clientId, topic, true, login);
            case PAHO -> new PahoClient(addresses, clientId, topic, login);
        };
    }
}
