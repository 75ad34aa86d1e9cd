package io.mqttha.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import io.mqttha.brokers.LocalBroker;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.Qos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Publishing throughput of this SDK against the raw HiveMQ client it is built on, to one healthy
 * broker, side by side in one run: all keep the same number of publishes outstanding, rounds
 * alternate between them so that drift of the machine hits all alike, and the median round counts.
 *
 * <p>A round ends when the broker has read every message of it, not when the client has handed the last one
 * to the socket: each client closes its round with a QoS 1 publish on the same connection and waits for the
 * PUBACK. Without that barrier a QoS 0 round measured how fast the kernel's socket buffers fill (several
 * megabytes on loopback), and the result jumped by a factor of four when a message grew past about 100 bytes
 * and the round stopped fitting into them.
 *
 * <p>A fourth client, the raw HiveMQ client publishing every message with the four continuity user
 * properties the SDK stamps (captured from a message the SDK published, so same names and lengths), separates
 * what continuity costs on the wire (the library encoding the properties, the broker parsing them) from
 * what the SDK's code costs.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Messages per second to one broker: this SDK (with and without continuity) vs the raw HiveMQ "
                + "client, and the raw client carrying the continuity user properties, QoS 0, 1 and 2.")
final class ThroughputBenchmark implements Callable<Integer> {

    private static final String BARRIER_TOPIC = "mqtt-ha/bench/throughput/barrier";
    private static final int BARRIER_TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--messages", defaultValue = "50000", description = "Messages per round (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds per client and QoS (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup-rounds", defaultValue = "3",
            description = "Unmeasured rounds per client and QoS before the measured ones (default: ${DEFAULT-VALUE}). "
                    + "With one, the raw client measured first still sped up from round to round at QoS 0 "
                    + "(124,000 to 424,000 messages/s) while the JIT compiled its path.")
    int warmupRounds;

    @Option(names = "--window", defaultValue = "1000",
            description = "Publishes outstanding at once per client (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--payload-bytes", split = ",", defaultValue = "64,256,1024", paramLabel = "BYTES",
            description = "Payload sizes to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> payloadSizes;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
        OptionChecks.positive(spec, "--messages", messages);
        OptionChecks.positive(spec, "--rounds", rounds);
        OptionChecks.positive(spec, "--window", window);
        OptionChecks.require(spec, warmupRounds >= 0, "--warmup-rounds must not be negative, not " + warmupRounds + ".");
        for (int size : payloadSizes) {
            OptionChecks.require(spec, size >= 0, "--payload-bytes must not be negative, not " + size + ".");
        }
        Report report = new Report("Throughput to one broker (messages/s, median of " + rounds + " rounds)",
                List.of("payload bytes", "qos", "raw HiveMQ client", "mqtt-ha SDK", "SDK / raw", "SDK, continuity off",
                        "off / raw", "raw + continuity properties", "SDK / raw + properties"));
        report.context("machine", Machine.describe())
                .context("messagesPerRound", messages)
                .context("warmupRounds", warmupRounds)
                .context("window", window)
                .context("payloadSizes", payloadSizes)
                .context("roundEnds", "PUBACK of a QoS 1 publish sent after the round's last message completed");
        try (LocalBroker broker = LocalBroker.start(Files.createTempDirectory("mqtt-ha-bench-throughput"))) {
            Mqtt5AsyncClient raw = Mqtt5Client.builder().identifier("bench-raw").serverHost(broker.host())
                    .serverPort(broker.port()).buildAsync();
            raw.connect().get(10, TimeUnit.SECONDS);
            Mqtt5AsyncClient rawWithProperties = Mqtt5Client.builder().identifier("bench-raw-properties")
                    .serverHost(broker.host()).serverPort(broker.port()).buildAsync();
            rawWithProperties.connect().get(10, TimeUnit.SECONDS);
            try (HaMqttClient sdk = HaMqttClient.create(HaClientConfig.builder().address(broker.address())
                    .clientId("bench-sdk").build());
                 HaMqttClient plainSdk = HaMqttClient.create(HaClientConfig.builder().address(broker.address())
                         .clientId("bench-sdk-plain").withoutContinuity().build())) {
                sdk.connect().get(10, TimeUnit.SECONDS);
                plainSdk.connect().get(10, TimeUnit.SECONDS);
                Clients clients = new Clients(raw, rawWithProperties, sdk, plainSdk, continuityProperties(raw, sdk));
                for (int payloadSize : payloadSizes) {
                    for (Qos qos : Qos.values()) {
                        report.row(measure(clients, new byte[payloadSize], qos));
                    }
                }
            } finally {
                raw.disconnect().get(5, TimeUnit.SECONDS);
                rawWithProperties.disconnect().get(5, TimeUnit.SECONDS);
            }
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    /** Measures the four clients at one payload size and QoS, in interleaved rounds; returns the table row. */
    private Map<String, Object> measure(Clients clients, byte[] payload, Qos qos) throws Exception {
        String topic = "mqtt-ha/bench/throughput/" + qos.code();
        MqttQos rawQos = MqttQos.fromCode(qos.code());
        Contender rawPublish = new Contender(bytes ->
                clients.raw().publishWith().topic(topic).qos(rawQos).payload(bytes).send(),
                () -> rawBarrier(clients.raw()));
        Contender sdkPublish = new Contender(bytes -> clients.sdk().publish(topic, bytes, qos, false),
                () -> sdkBarrier(clients.sdk()));
        Contender plainPublish = new Contender(bytes -> clients.plainSdk().publish(topic, bytes, qos, false),
                () -> sdkBarrier(clients.plainSdk()));
        Contender propertiesPublish = new Contender(bytes -> clients.rawWithProperties().publishWith().topic(topic)
                .qos(rawQos).payload(bytes).userProperties(clients.continuityProperties()).send(),
                () -> rawBarrier(clients.rawWithProperties()));
        // Unmeasured rounds, interleaved like the measured ones, warm up the JIT and the connections.
        for (int round = 0; round < warmupRounds; round++) {
            rate(rawPublish, payload);
            rate(sdkPublish, payload);
            rate(plainPublish, payload);
            rate(propertiesPublish, payload);
        }
        List<Double> rawRates = new ArrayList<>();
        List<Double> sdkRates = new ArrayList<>();
        List<Double> plainRates = new ArrayList<>();
        List<Double> propertiesRates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            rawRates.add(rate(rawPublish, payload));
            sdkRates.add(rate(sdkPublish, payload));
            plainRates.add(rate(plainPublish, payload));
            propertiesRates.add(rate(propertiesPublish, payload));
            System.err.printf("%d bytes, QoS %d, round %d of %d: raw %.0f/s, SDK %.0f/s, SDK without continuity "
                    + "%.0f/s, raw with continuity properties %.0f/s%n", payload.length, qos.code(), round + 1,
                    rounds, rawRates.get(round), sdkRates.get(round), plainRates.get(round),
                    propertiesRates.get(round));
        }
        double rawMedian = median(rawRates);
        double sdkMedian = median(sdkRates);
        double plainMedian = median(plainRates);
        double propertiesMedian = median(propertiesRates);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("payload bytes", payload.length);
        row.put("qos", qos.code());
        row.put("raw HiveMQ client", Math.round(rawMedian));
        row.put("mqtt-ha SDK", Math.round(sdkMedian));
        row.put("SDK / raw", percent(sdkMedian, rawMedian));
        row.put("SDK, continuity off", Math.round(plainMedian));
        row.put("off / raw", percent(plainMedian, rawMedian));
        row.put("raw + continuity properties", Math.round(propertiesMedian));
        row.put("SDK / raw + properties", percent(sdkMedian, propertiesMedian));
        return row;
    }

    private double rate(Contender contender, byte[] payload) throws Exception {
        Semaphore outstanding = new Semaphore(window);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            outstanding.acquire();
            contender.publish().apply(payload).whenComplete((result, failure) -> {
                if (failure != null) {
                    failures.add(failure);
                }
                outstanding.release();
            });
        }
        outstanding.acquire(window);
        contender.barrier().call().get(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " publishes failed, first: " + failures.get(0));
        }
        return messages / seconds;
    }

    private static CompletableFuture<?> rawBarrier(Mqtt5AsyncClient client) {
        return client.publishWith().topic(BARRIER_TOPIC).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    private static CompletableFuture<?> sdkBarrier(HaMqttClient client) {
        return client.publish(BARRIER_TOPIC, new byte[0], Qos.AT_LEAST_ONCE, false);
    }

    /**
     * One client under measurement: how it publishes a message of the round, and the QoS 1 publish whose
     * acknowledgement proves that the broker has read all messages sent before it on the connection.
     */
    private record Contender(Function<byte[], CompletableFuture<?>> publish,
            Callable<CompletableFuture<?>> barrier) {
    }

    /** The connected clients of the run, shared by every payload size and QoS. */
    private record Clients(Mqtt5AsyncClient raw, Mqtt5AsyncClient rawWithProperties, HaMqttClient sdk,
            HaMqttClient plainSdk, Mqtt5UserProperties continuityProperties) {
    }

    /**
     * The user properties the SDK stamps on a message, as a broker delivers them: one message published by
     * {@code sdk} and received by {@code raw}. Sent unchanged with every message of the fourth client, they
     * have the SDK's names and lengths without this harness naming the SDK's wire format.
     */
    private static Mqtt5UserProperties continuityProperties(Mqtt5AsyncClient raw, HaMqttClient sdk) throws Exception {
        String topic = "mqtt-ha/bench/throughput/sample";
        CompletableFuture<Mqtt5UserProperties> sample = new CompletableFuture<>();
        raw.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> sample.complete(publish.getUserProperties())).send().get(10, TimeUnit.SECONDS);
        sdk.publish(topic, new byte[0], Qos.AT_LEAST_ONCE, false).get(10, TimeUnit.SECONDS);
        Mqtt5UserProperties properties = sample.get(10, TimeUnit.SECONDS);
        raw.unsubscribeWith().topicFilter(topic).send().get(10, TimeUnit.SECONDS);
        return properties;
    }

    private static String percent(double part, double whole) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", 100 * part / whole);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
