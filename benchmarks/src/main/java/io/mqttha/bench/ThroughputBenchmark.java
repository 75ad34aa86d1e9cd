package io.mqttha.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import io.mqttha.brokers.LocalBroker;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuityHeaders;
import io.mqttha.client.continuity.Incarnation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Publishing throughput of this SDK against the raw HiveMQ client it is built on, to one healthy
 * broker, side by side in one run: all keep the same number of publishes outstanding, rounds
 * alternate between them so that drift of the machine hits all alike, and the median round counts.
 *
 * <p>A fourth client, the raw HiveMQ client publishing every message with the four continuity user
 * properties the SDK stamps (same names, same values and lengths, from the SDK's own encoder), separates
 * what continuity costs on the wire (the library encoding the properties, the broker parsing them) from
 * what the SDK's code costs.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Messages per second to one broker: this SDK (with and without continuity) vs the raw HiveMQ "
                + "client, and the raw client carrying the continuity user properties, QoS 0, 1 and 2.")
final class ThroughputBenchmark implements Callable<Integer> {

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

    @Option(names = "--payload-bytes", defaultValue = "64", description = "Payload size (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
        OptionChecks.positive(spec, "--messages", messages);
        OptionChecks.positive(spec, "--rounds", rounds);
        OptionChecks.positive(spec, "--window", window);
        OptionChecks.require(spec, warmupRounds >= 0, "--warmup-rounds must not be negative, not " + warmupRounds + ".");
        OptionChecks.require(spec, payloadBytes >= 0, "--payload-bytes must not be negative, not " + payloadBytes + ".");
        Report report = new Report("Throughput to one broker (messages/s, median of " + rounds + " rounds)",
                List.of("qos", "raw HiveMQ client", "mqtt-ha SDK", "SDK / raw", "SDK, continuity off", "off / raw",
                        "raw + continuity properties", "SDK / raw + properties"));
        report.context("machine", Machine.describe())
                .context("messagesPerRound", messages)
                .context("warmupRounds", warmupRounds)
                .context("window", window)
                .context("payloadBytes", payloadBytes);
        byte[] payload = new byte[payloadBytes];
        try (LocalBroker broker = LocalBroker.start(Files.createTempDirectory("mqtt-ha-bench-throughput"))) {
            Mqtt5AsyncClient raw = Mqtt5Client.builder().identifier("bench-raw").serverHost(broker.host())
                    .serverPort(broker.port()).buildAsync();
            raw.connect().get(10, TimeUnit.SECONDS);
            Mqtt5AsyncClient rawWithProperties = Mqtt5Client.builder().identifier("bench-raw-properties")
                    .serverHost(broker.host()).serverPort(broker.port()).buildAsync();
            rawWithProperties.connect().get(10, TimeUnit.SECONDS);
            ContinuityHeaders.Encoder headers = new ContinuityHeaders.Encoder("bench-raw-properties",
                    Incarnation.start(Clock.systemUTC(), new SecureRandom()));
            AtomicLong sequence = new AtomicLong();
            try (HaMqttClient sdk = HaMqttClient.create(HaClientConfig.builder().address(broker.address())
                    .clientId("bench-sdk").build());
                 HaMqttClient plainSdk = HaMqttClient.create(HaClientConfig.builder().address(broker.address())
                         .clientId("bench-sdk-plain").withoutContinuity().build())) {
                sdk.connect().get(10, TimeUnit.SECONDS);
                plainSdk.connect().get(10, TimeUnit.SECONDS);
                for (Qos qos : Qos.values()) {
                    String topic = "mqtt-ha/bench/throughput/" + qos.code();
                    MqttQos rawQos = MqttQos.fromCode(qos.code());
                    Function<byte[], CompletableFuture<?>> rawPublish = bytes ->
                            raw.publishWith().topic(topic).qos(rawQos).payload(bytes).send();
                    Function<byte[], CompletableFuture<?>> sdkPublish = bytes -> sdk.publish(topic, bytes, qos, false);
                    Function<byte[], CompletableFuture<?>> plainPublish = bytes -> plainSdk.publish(topic, bytes, qos, false);
                    Function<byte[], CompletableFuture<?>> propertiesPublish = bytes -> {
                        Mqtt5UserPropertiesBuilder properties = Mqtt5UserProperties.builder();
                        headers.stamp(List.of(), sequence.incrementAndGet(), System.currentTimeMillis(), false)
                                .forEach(property -> properties.add(property.name(), property.value()));
                        return rawWithProperties.publishWith().topic(topic).qos(rawQos).payload(bytes)
                                .userProperties(properties.build()).send();
                    };
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
                        System.err.printf("QoS %d round %d: raw %.0f/s, SDK %.0f/s, SDK without continuity %.0f/s, "
                                + "raw with continuity properties %.0f/s%n", qos.code(), round + 1, rawRates.get(round),
                                sdkRates.get(round), plainRates.get(round), propertiesRates.get(round));
                    }
                    double rawMedian = median(rawRates);
                    double sdkMedian = median(sdkRates);
                    double plainMedian = median(plainRates);
                    double propertiesMedian = median(propertiesRates);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("qos", qos.code());
                    row.put("raw HiveMQ client", Math.round(rawMedian));
                    row.put("mqtt-ha SDK", Math.round(sdkMedian));
                    row.put("SDK / raw", percent(sdkMedian, rawMedian));
                    row.put("SDK, continuity off", Math.round(plainMedian));
                    row.put("off / raw", percent(plainMedian, rawMedian));
                    row.put("raw + continuity properties", Math.round(propertiesMedian));
                    row.put("SDK / raw + properties", percent(sdkMedian, propertiesMedian));
                    report.row(row);
                }
            } finally {
                raw.disconnect().get(5, TimeUnit.SECONDS);
                rawWithProperties.disconnect().get(5, TimeUnit.SECONDS);
            }
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    private double rate(Function<byte[], CompletableFuture<?>> publish, byte[] payload) throws InterruptedException {
        Semaphore outstanding = new Semaphore(window);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            outstanding.acquire();
            publish.apply(payload).whenComplete((result, failure) -> {
                if (failure != null) {
                    failures.add(failure);
                }
                outstanding.release();
            });
        }
        outstanding.acquire(window);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " publishes failed, first: " + failures.get(0));
        }
        return messages / seconds;
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
