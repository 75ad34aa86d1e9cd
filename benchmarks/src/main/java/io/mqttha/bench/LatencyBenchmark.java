package io.mqttha.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalBroker;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * End-to-end latency of QoS 1 and 2 messages, publish call to subscriber callback, through the cluster (publisher
 * on one edge, subscriber on another, so every message crosses edge, relay, edge) against the same on one
 * plain broker: same client type, same rate, one run, with both setups running all along so that they share
 * the machine alike.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "End-to-end QoS 1 and 2 latency (p50, p99, max): edge -> relay -> edge on the cluster vs one broker, "
                + "with this SDK and with the raw HiveMQ client.")
final class LatencyBenchmark implements Callable<Integer> {

    /** A client that publishes or subscribes, with the SDK or the raw HiveMQ client. */
    enum ClientType {
        SDK("mqtt-ha SDK (defaults)"),
        HIVEMQ("raw HiveMQ client");

        final String label;

        ClientType(String label) {
            this.label = label;
        }
    }

    private static final int QUICK_MESSAGES = 500;
    private static final int QUICK_WARMUP = 100;
    private static final long DRAIN_MILLIS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--messages", defaultValue = "5000", description = "Measured messages per setup (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", defaultValue = "500",
            description = "Messages sent first and not measured, per setup (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rate", defaultValue = "200", description = "Messages per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--clients", split = ",", defaultValue = "SDK,HIVEMQ",
            description = "Client types to measure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<ClientType> clients;

    @Option(names = "--qos", split = ",", defaultValue = "1,2",
            description = "QoS levels to measure, publisher and subscriber alike (default: ${DEFAULT-VALUE}).")
    List<Integer> qosLevels;

    @Option(names = "--quick", description = "The CI-sized run: --messages " + QUICK_MESSAGES + " --warmup " + QUICK_WARMUP + ".")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
        int measured = quick ? QUICK_MESSAGES : messages;
        int unmeasured = quick ? QUICK_WARMUP : warmup;
        OptionChecks.positive(spec, "--messages", measured);
        OptionChecks.require(spec, unmeasured >= 0, "--warmup must not be negative, not " + unmeasured + ".");
        OptionChecks.positive(spec, "--rate", rate);
        OptionChecks.require(spec, !clients.isEmpty(), "--clients must name at least one client type.");
        OptionChecks.require(spec, !qosLevels.isEmpty() && qosLevels.stream().allMatch(level -> level == 1 || level == 2),
                "--qos takes 1, 2 or both, not " + qosLevels + ".");

        Report report = new Report("End-to-end latency, publish to subscriber callback (ms)",
                List.of("client", "qos", "path", "messages", "received", "p50", "p99", "max", "p50 vs one broker"));
        report.context("machine", Machine.describe())
                .context("messagesPerSecond", rate)
                .context("measuredMessages", measured)
                .context("warmupMessages", unmeasured)
                .context("cluster", "publisher on node-1, subscriber on node-2: edge -> relay-a -> edge; local mosquitto processes")
                .context("singleBroker", "one plain local mosquitto, publisher and subscriber on it");
        Path runDirectory = Files.createTempDirectory("mqtt-ha-bench-latency");
        try (LocalBroker broker = LocalBroker.start(runDirectory.resolve("single"));
             LocalCluster cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(),
                     runDirectory.resolve("cluster"), ClusterOptions.quiet())) {
            NodeSpec publisherEdge = cluster.description().edges().get(0);
            NodeSpec subscriberEdge = cluster.description().edges().get(1);
            for (int level : qosLevels) {
                Qos qos = Qos.of(level);
                for (ClientType client : clients) {
                    Percentiles single = measure(client, qos, "one broker", List.of(broker.address()), broker.address(),
                            broker.address(), null, measured, unmeasured, report, null);
                    measure(client, qos, "edge -> relay -> edge",
                            cluster.description().edges().stream().map(NodeSpec::address).toList(), publisherEdge.address(),
                            subscriberEdge.address(), ClusterLogin.operator(cluster), measured, unmeasured, report, single);
                }
            }
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    private Percentiles measure(ClientType type, Qos qos, String path, List<String> addresses, String publisherNode,
            String subscriberNode, Login login, int measured, int unmeasured, Report report, Percentiles baseline) throws Exception {
        String topic = "mqtt-ha/bench/latency/" + type.name().toLowerCase(Locale.ROOT) + "/qos" + qos.code() + "/"
                + System.nanoTime();
        int total = unmeasured + measured;
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allMeasured = new CountDownLatch(measured);
        Consumer<byte[]> onMessage = payload -> {
            long receivedAt = System.nanoTime();
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            int index = buffer.getInt();
            long sentAt = buffer.getLong();
            if (index >= unmeasured) {
                latencies.add((receivedAt - sentAt) / 1e6);
                allMeasured.countDown();
            }
        };
        try (Endpoint subscriber = Endpoint.create(type, qos, "bench-latency-sub", addresses, subscriberNode, login);
             Endpoint publisher = Endpoint.create(type, qos, "bench-latency-pub", addresses, publisherNode, login)) {
            subscriber.subscribe(topic, onMessage);
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int index = 0; index < total; index++) {
                LockSupport.parkNanos(start + index * periodNanos - System.nanoTime());
                publisher.publish(topic, ByteBuffer.allocate(12).putInt(index).putLong(System.nanoTime()).array());
            }
            allMeasured.await(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        Percentiles stats = Percentiles.of(new ArrayList<>(latencies));
        System.err.printf(Locale.ROOT, "%-8s QoS %d %-22s p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d/%d received%n", type,
                qos.code(), path,
                stats.p50(), stats.p99(), stats.max(), stats.count(), measured);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("client", type.label);
        row.put("qos", qos.code());
        row.put("path", path);
        row.put("messages", measured);
        row.put("received", stats.count());
        row.put("p50", stats.p50());
        row.put("p99", stats.p99());
        row.put("max", stats.max());
        row.put("p50 vs one broker", baseline == null ? "1.00x"
                : String.format(Locale.ROOT, "%.2fx", stats.p50() / baseline.p50()));
        report.row(row);
        return stats;
    }

    /** One connected client that publishes or subscribes at one QoS level. */
    private interface Endpoint extends AutoCloseable {

        void subscribe(String topic, Consumer<byte[]> consumer) throws Exception;

        void publish(String topic, byte[] payload);

        @Override
        void close();

        static Endpoint create(ClientType type, Qos qos, String clientId, List<String> addresses, String node, Login login)
                throws Exception {
            return type == ClientType.SDK ? new SdkEndpoint(qos, clientId, addresses, node, login)
                    : new HiveMqEndpoint(MqttQos.fromCode(qos.code()), clientId, node, login);
        }
    }

    /** The SDK with its defaults, preferring {@code node} among every address of the setup. */
    private static final class SdkEndpoint implements Endpoint {
        private final HaMqttClient client;
        private final Qos qos;

        SdkEndpoint(Qos qos, String clientId, List<String> addresses, String node, Login login) throws Exception {
            this.qos = qos;
            HaClientConfig.Builder config = HaClientConfig.builder().addresses(String.join(",", addresses)).clientId(clientId);
            if (login != null) {
                config.credentials(ClusterLogin.credentials(login));
            }
            if (addresses.size() > 1) {
                config.nodeSelection(NodeSelection.PREFERRED).preferredNode(node);
            }
            client = HaMqttClient.create(config.build());
            client.connect().get(20, TimeUnit.SECONDS);
        }

        @Override
        public void subscribe(String topic, Consumer<byte[]> consumer) throws Exception {
            client.subscribe(topic, qos, message -> consumer.accept(message.payload())).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void publish(String topic, byte[] payload) {
            client.publish(topic, payload, qos, false);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** The raw HiveMQ client on {@code node} alone. */
    private static final class HiveMqEndpoint implements Endpoint {
        private final Mqtt5AsyncClient client;
        private final MqttQos qos;

        HiveMqEndpoint(MqttQos qos, String clientId, String node, Login login) throws Exception {
            this.qos = qos;
            int colon = node.lastIndexOf(':');
            Mqtt5ClientBuilder builder = Mqtt5Client.builder().identifier(clientId).serverHost(node.substring(0, colon))
                    .serverPort(Integer.parseInt(node.substring(colon + 1)));
            if (login != null) {
                builder = builder.simpleAuth(Mqtt5SimpleAuth.builder().username(login.username())
                        .password(login.password().getBytes(StandardCharsets.UTF_8)).build());
            }
            client = builder.buildAsync();
            client.connect().get(20, TimeUnit.SECONDS);
        }

        @Override
        public void subscribe(String topic, Consumer<byte[]> consumer) throws Exception {
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> consumer.accept(publish.getPayloadAsBytes()));
            client.subscribeWith().topicFilter(topic).qos(qos).send().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void publish(String topic, byte[] payload) {
            client.publishWith().topic(topic).qos(qos).payload(payload).send();
        }

        @Override
        public void close() {
            try {
                client.disconnect().get(2, TimeUnit.SECONDS);
            } catch (Exception alreadyGone) {
                // Nothing is left to release on a connection that is already closed.
            }
        }
    }
}
