package io.mqttha.brokers;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.Login;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hung relay (SIGSTOP) under the relay supervisor, with the real Mosquitto command-line subscriber on one edge and
 * a plain MQTT publisher on another: cross-node delivery resumes within seconds while the relay would still be
 * frozen, and stays steady afterwards; a hung edge leaves the other edges' traffic alone.
 */
class HungRelayIT {

    private static final Duration PUBLISH_INTERVAL = Duration.ofMillis(50);
    /** The target is 3 s, measured by {@code ./bench hung-relay}; this bound only allows for a slow machine. */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(6);

    @TempDir
    Path runDirectory;

    private LocalCluster cluster;
    private final List<String> supervisorEvents = new CopyOnWriteArrayList<>();
    private Process subscriber;
    private Mqtt5BlockingClient publisher;
    private Thread publishing;
    private final AtomicBoolean stopPublishing = new AtomicBoolean();
    private final AtomicLong nextSequence = new AtomicLong();
    /** Sequence number to the time it reached the subscriber on node-7. */
    private final Map<Long, Long> arrivedAtNanos = new ConcurrentHashMap<>();

    @BeforeEach
    void startSupervisedClusterWithTraffic() throws IOException {
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory, ClusterOptions.quiet());
        cluster.superviseRelays(supervisorEvents::add);
        Login operator = cluster.login(AccessPolicy.OPERATOR);
        String topic = "mqtt-ha/it/hung-relay/" + UUID.randomUUID();
        subscriber = startMosquittoSub(cluster.description().node("node-7"), operator, topic);
        publisher = Mqtt5Client.builder().identifier("hung-relay-publisher-" + UUID.randomUUID())
                .serverHost(cluster.description().node("node-1").host())
                .serverPort(cluster.description().node("node-1").port())
                .simpleAuth().username(operator.username()).password(operator.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        publisher.connect();
        publishing = new Thread(() -> publishEvery(topic), "hung-relay-publisher");
        publishing.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !arrivedAtNanos.isEmpty());
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        stopPublishing.set(true);
        if (publishing != null) {
            publishing.join(5_000);
        }
        if (subscriber != null) {
            subscriber.destroyForcibly();
        }
        if (publisher != null && publisher.getState().isConnected()) {
            publisher.disconnect();
        }
        cluster.close();
    }

    @Test
    void crossNodeDeliveryResumesWhileTheRelayHangsAndStaysSteadyAfterwards() {
        long frozenAt = System.nanoTime();
        long firstAfterFreeze = nextSequence.get();
        cluster.pause("relay-a");

        await().atMost(RESUME_BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> arrivedAtNanos.keySet().stream().anyMatch(sequence -> sequence > firstAfterFreeze + 2));
        long resumedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
        assertThat(supervisorEvents).as("the supervisor replaced the hung relay").anyMatch(event -> event.startsWith("relay-a is hung"));
        await().atMost(Duration.ofSeconds(15)).until(() -> supervisorEvents.contains("relay-a runs again."));

        long steadyFrom = nextSequence.get();
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertThat(longestGapMillis(steadyFrom, nextSequence.get() - 5))
                .as("delivery after relay-a's replacement (resumed %d ms after the freeze)", resumedMillis)
                .isLessThan(1_000);
    }

    @Test
    void aHungEdgeLeavesTheOtherEdgesAlone() {
        long from = nextSequence.get();
        cluster.pause("node-3");

        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(longestGapMillis(from, nextSequence.get() - 5)).as("node-1 to node-7 while node-3 hangs").isLessThan(1_000);
        assertThat(supervisorEvents).as("edges are not the supervisor's").isEmpty();
        cluster.resume("node-3");
    }

    /** The longest wait between consecutive arrivals of messages {@code from}..{@code to}; every one must arrive. */
    private long longestGapMillis(long from, long to) {
        long longest = 0;
        for (long sequence = from + 1; sequence <= to; sequence++) {
            Long previous = arrivedAtNanos.get(sequence - 1);
            Long current = arrivedAtNanos.get(sequence);
            assertThat(previous).as("message %d arrived", sequence - 1).isNotNull();
            assertThat(current).as("message %d arrived", sequence).isNotNull();
            longest = Math.max(longest, (current - previous) / 1_000_000);
        }
        return longest;
    }

    private void publishEvery(String topic) {
        while (!stopPublishing.get()) {
            long sequence = nextSequence.getAndIncrement();
            try {
                publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Long.toString(sequence).getBytes(StandardCharsets.UTF_8)).send();
                Thread.sleep(PUBLISH_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopPublishing.get()) {
                    return;
                }
                throw e;
            }
        }
    }

    private Process startMosquittoSub(NodeSpec edge, Login login, String topic) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("mosquitto_sub", "-h", edge.host(), "-p", Integer.toString(edge.port()),
                    "-u", login.username(), "-P", login.password(), "-q", "1", "-t", topic)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("mosquitto_sub is missing: install mosquitto-clients (Debian/Ubuntu: "
                    + "apt-get install mosquitto-clients; macOS: brew install mosquitto).", e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    try {
                        arrivedAtNanos.putIfAbsent(Long.parseLong(line.strip()), System.nanoTime());
                    } catch (NumberFormatException notOurs) {
                        // mosquitto_sub's own messages, such as a connection error, are not sequence numbers.
                    }
                }
            } catch (IOException ended) {
                // The process was stopped.
            }
        }, "mosquitto-sub-reader");
        reader.setDaemon(true);
        reader.start();
        return process;
    }
}
