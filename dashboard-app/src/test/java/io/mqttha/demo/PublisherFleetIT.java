package io.mqttha.demo;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.Login;
import io.mqttha.brokers.testing.LocalClusterExtension;
import io.mqttha.client.Credentials;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.StreamKey;
import io.mqttha.client.continuity.StreamStats;
import io.mqttha.publisher.PublisherTopics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's acceptance on the real cluster with the seven publishers as their own processes: every stream
 * is visible to a plain {@code mosquitto_sub}; a killed publisher turns offline through its last will; a
 * publisher whose broker dies keeps its QoS 1 and 2 streams whole and returns to its broker.
 */
class PublisherFleetIT {

    private static final PublisherTopics TOPICS = new PublisherTopics(PublisherTopics.DEFAULT_PREFIX);
    /** The publishers' default keep-alive; the will fires at most 1.5 of them after a death. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

    @RegisterExtension
    final LocalClusterExtension clusterExtension = new LocalClusterExtension();

    private LocalCluster cluster;
    private PublisherFleet fleet;

    @BeforeEach
    void startPublishers() {
        cluster = clusterExtension.get();
        fleet = clusterExtension.closeAfterTest(PublisherFleet.create(clusterExtension.runDirectory("publishers"),
                cluster.description().edgeAddresses(), ClusterDescription.EDGE_COUNT, List.of(),
                Optional.of(ClusterSecrets.read(cluster.runDirectory()))));
        fleet.indexes().forEach(fleet::start);
    }

    private Credentials operatorCredentials() {
        Login operator = cluster.login(AccessPolicy.OPERATOR);
        return Credentials.of(operator.username(), operator.password());
    }

    @Test
    void plainSubscriberOnAnyEdgeSeesEveryStreamStateAndStatus() throws Exception {
        NodeSpec edge = cluster.description().node("node-6");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> lines = mosquittoSub(edge, TOPICS.prefix() + "/#", Duration.ofSeconds(3));
            for (int index = 1; index <= ClusterDescription.EDGE_COUNT; index++) {
                String publisher = PublisherTopics.publisherName(index);
                for (Qos qos : Qos.values()) {
                    assertThat(lines).as("%s at QoS %d", publisher, qos.code())
                            .anyMatch(line -> line.startsWith(TOPICS.telemetry(publisher, qos) + " "));
                }
                assertThat(lines).contains(TOPICS.status(publisher) + " " + PublisherTopics.ONLINE);
                assertThat(lines).anyMatch(line -> line.startsWith(TOPICS.state(publisher) + " {"));
                assertThat(lines).anyMatch(line -> line.startsWith(TOPICS.heartbeat(publisher) + " {"));
            }
        });
    }

    @Test
    void killedPublisherTurnsOfflineWithinOneAndAHalfKeepAlives() throws Exception {
        NodeSpec edge = cluster.description().node("node-1");
        String status = TOPICS.status("publisher-3");
        await().atMost(Duration.ofSeconds(30)).until(() -> retained(edge, status).equals(PublisherTopics.ONLINE));

        long killedAt = System.nanoTime();
        fleet.kill(3);
        await().atMost(KEEP_ALIVE.multipliedBy(3).dividedBy(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> retained(edge, status).equals(PublisherTopics.OFFLINE));
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(KEEP_ALIVE.multipliedBy(3).dividedBy(2));
    }

    @Test
    void sigtermStopsAPublisherCleanlyWithItsOfflineStatusAndExitCodeZero() throws Exception {
        NodeSpec edge = cluster.description().node("node-4");
        String status = TOPICS.status("publisher-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> retained(edge, status).equals(PublisherTopics.ONLINE));

        assertThat(fleet.stop(2)).contains(0);
        assertThat(retained(edge, status)).isEqualTo(PublisherTopics.OFFLINE);
    }

    @Test
    void publisherOutlivesItsBrokerWithoutAGapAndReturnsToIt() throws Exception {
        NodeSpec node3 = cluster.description().node("node-3");
        Map<String, String> lastHeartbeatNode = new ConcurrentHashMap<>();
        HaMqttClient observer = clusterExtension.closeAfterTest(HaMqttClient.create(HaClientConfig.builder()
                .addresses(cluster.description().node("node-1").address())
                .credentials(operatorCredentials())
                .clientId("fleet-it-observer")
                .build()));
        observer.connect().get(10, TimeUnit.SECONDS);
        observer.subscribe(TOPICS.heartbeat("publisher-3"), Qos.AT_MOST_ONCE, message ->
                lastHeartbeatNode.put("node", nodeOf(message.payloadAsString()))).get(10, TimeUnit.SECONDS);
        for (Qos qos : List.of(Qos.AT_LEAST_ONCE, Qos.EXACTLY_ONCE)) {
            observer.subscribe(TOPICS.telemetry("publisher-3", qos), qos, message -> { }).get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> node3.address().equals(lastHeartbeatNode.get("node")));
        Thread.sleep(2_000);

        cluster.kill("node-3");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String node = lastHeartbeatNode.get("node");
            return node != null && !node.equals(node3.address());
        });
        Thread.sleep(3_000);
        cluster.restart("node-3");
        await().atMost(Duration.ofSeconds(30)).until(() -> node3.address().equals(lastHeartbeatNode.get("node")));
        Thread.sleep(2_000);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Qos qos : List.of(Qos.AT_LEAST_ONCE, Qos.EXACTLY_ONCE)) {
                StreamStats stream = observer.continuity().stream(new StreamKey("publisher-3", TOPICS.telemetry("publisher-3", qos)));
                assertThat(stream).as("stream at QoS %d", qos.code()).isNotNull();
                assertThat(stream.delivered()).isGreaterThan(50);
                assertThat(stream.lost()).as("lost at QoS %d", qos.code()).isZero();
            }
        });
    }

    private static String nodeOf(String heartbeatJson) {
        int start = heartbeatJson.indexOf("\"node\":\"");
        if (start < 0) {
            return null;
        }
        int from = start + "\"node\":\"".length();
        return heartbeatJson.substring(from, heartbeatJson.indexOf('"', from));
    }

    /** What a new subscriber on {@code edge} is handed for a retained {@code topic}, or "" if nothing. */
    private String retained(NodeSpec edge, String topic) throws IOException, InterruptedException {
        List<String> lines = mosquittoSub(edge, topic, Duration.ofSeconds(1), "-C", "1");
        return lines.isEmpty() ? "" : lines.get(0).substring(topic.length() + 1);
    }

    /**
     * Runs the real {@code mosquitto_sub} for at most {@code duration} and returns its {@code topic payload}
     * lines.
     */
    private List<String> mosquittoSub(NodeSpec edge, String filter, Duration duration, String... options)
            throws IOException, InterruptedException {
        Login operator = cluster.login(AccessPolicy.OPERATOR);
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", edge.host(),
                "-p", Integer.toString(edge.port()), "-u", operator.username(), "-P", operator.password(),
                "-t", filter, "-v", "-W", Long.toString(Math.max(1, duration.toSeconds()))));
        command.addAll(List.of(options));
        Process sub = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            sub.waitFor();
            return output.lines().filter(line -> !line.startsWith("Timed out")).toList();
        } finally {
            sub.destroyForcibly();
        }
    }
}
