package io.mqttha.client;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.testing.LocalClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 4's second acceptance: an edge is cut off, a retained value is updated elsewhere, the edge rejoins
 * and its bridge re-sends the stale copy. The origin notices the older version and re-publishes the
 * newest, so every edge converges; SDK subscribers never hand their application the older value after the
 * newer one. An MQTT 3.1.1 origin, which cannot stamp versions, converges the edges by payload.
 */
class RetainedResyncIT {

    private static final Logger LOG = LoggerFactory.getLogger(RetainedResyncIT.class);
    private static final String TOPIC = "it/retained/config";
    private static final String CUT_OFF = "node-5";

    @RegisterExtension
    // Without the retained guard: it would refuse the stale copy at the first relay, and this test is about
    // what the SDK does on brokers that let it through.
    final LocalClusterExtension clusterExtension = new LocalClusterExtension(ClusterOptions.defaults().withRetainedGuard(false));

    private LocalCluster cluster;
    private final List<Mqtt5BlockingClient> plainClients = new ArrayList<>();

    @BeforeEach
    void useCluster() {
        cluster = clusterExtension.get();
    }

    @AfterEach
    void disconnectPlainClients() {
        plainClients.forEach(client -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
    }

    @Test
    void everyEdgeConvergesToTheNewestRetainedValueAfterAStaleRejoin() throws Exception {
        HaMqttClient origin = sdkClient("retained-origin", cluster.description().node("node-1"));
        List<String> seenByApplication = new CopyOnWriteArrayList<>();
        for (String edge : List.of(CUT_OFF, "node-2")) {
            sdkClient("retained-reader-" + edge, cluster.description().node(edge))
                    .subscribe(TOPIC, Qos.AT_LEAST_ONCE, message -> seenByApplication.add(message.payloadAsString()))
                    .get(10, TimeUnit.SECONDS);
        }
        List<String> seenOnTheWire = new CopyOnWriteArrayList<>();
        Mqtt5BlockingClient wire = plainClient(cluster.description().node("node-1"));
        wire.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> seenOnTheWire.add(payload(publish)));
        wire.subscribeWith().topicFilter(TOPIC).qos(MqttQos.AT_LEAST_ONCE).send();

        origin.publish(TOPIC, "v1".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true).get(10, TimeUnit.SECONDS);
        awaitEveryEdgeHolds("v1", cluster.description().edges(), Duration.ofSeconds(10));

        LOG.info("Cutting {} off (SIGSTOP) until relay-a drops its bridge", CUT_OFF);
        cluster.pause(CUT_OFF);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.bridgedTo(CUT_OFF).isEmpty());
        origin.publish(TOPIC, "v2".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true).get(10, TimeUnit.SECONDS);
        List<NodeSpec> others = cluster.description().edges().stream().filter(e -> !e.name().equals(CUT_OFF)).toList();
        awaitEveryEdgeHolds("v2", others, Duration.ofSeconds(10));

        LOG.info("{} rejoins with its stale copy", CUT_OFF);
        cluster.resume(CUT_OFF);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.bridgedTo(CUT_OFF).isPresent());
        long rejoinedAt = System.nanoTime();
        awaitEveryEdgeHolds("v2", cluster.description().edges(), Duration.ofSeconds(2));
        LOG.info("Every edge holds v2 {} ms after {} rejoined; the wire saw {}", (System.nanoTime() - rejoinedAt) / 1_000_000,
                CUT_OFF, seenOnTheWire);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> everyEdgeHolds("v2", cluster.description().edges()));
        assertThat(seenOnTheWire).as("the stale copy really travelled the cluster after v2").containsSubsequence("v2", "v1");
        assertThat(seenByApplication).as("what SDK applications were handed, in order").containsSubsequence("v1", "v2")
                .doesNotContainSequence("v2", "v1");
        int firstNewest = seenByApplication.indexOf("v2");
        assertThat(seenByApplication.subList(firstNewest, seenByApplication.size())).containsOnly("v2");
    }

    @Test
    void anMqtt311OriginConvergesTheEdgesByPayloadWithoutVersions() throws Exception {
        HaMqttClient origin = sdkClient("retained-origin-311", cluster.description().node("node-1"), MqttProtocol.MQTT_3_1_1);
        assertThat(origin.config().continuity()).as("3.1.1 carries no versions").isEmpty();

        origin.publish(TOPIC, "v1".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true).get(10, TimeUnit.SECONDS);
        awaitEveryEdgeHolds("v1", cluster.description().edges(), Duration.ofSeconds(10));
        cluster.pause(CUT_OFF);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.bridgedTo(CUT_OFF).isEmpty());
        origin.publish(TOPIC, "v2".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true).get(10, TimeUnit.SECONDS);
        List<NodeSpec> others = cluster.description().edges().stream().filter(e -> !e.name().equals(CUT_OFF)).toList();
        awaitEveryEdgeHolds("v2", others, Duration.ofSeconds(10));

        cluster.resume(CUT_OFF);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.bridgedTo(CUT_OFF).isPresent());
        long rejoinedAt = System.nanoTime();
        awaitEveryEdgeHolds("v2", cluster.description().edges(), Duration.ofSeconds(2));
        LOG.info("MQTT 3.1.1: every edge holds v2 {} ms after {} rejoined", (System.nanoTime() - rejoinedAt) / 1_000_000,
                CUT_OFF);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> everyEdgeHolds("v2", cluster.description().edges()));
    }

    @Test
    void anMqtt311OriginLeavesATopicToAnotherWriter() throws Exception {
        HaMqttClient origin = sdkClient("retained-origin-311", cluster.description().node("node-1"), MqttProtocol.MQTT_3_1_1);
        origin.publish(TOPIC, "v1".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true).get(10, TimeUnit.SECONDS);
        awaitEveryEdgeHolds("v1", cluster.description().edges(), Duration.ofSeconds(10));

        plainClient(cluster.description().node("node-3")).publishWith().topic(TOPIC)
                .payload("operator".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6))
                .until(() -> everyEdgeHolds("operator", cluster.description().edges()));
    }

    private void awaitEveryEdgeHolds(String value, List<NodeSpec> edges, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> everyEdgeHolds(value, edges));
    }

    private boolean everyEdgeHolds(String value, List<NodeSpec> edges) {
        return edges.stream().allMatch(edge -> retainedOn(edge).map(value::equals).orElse(false));
    }

    /** The value an edge hands a new subscriber right now. */
    private Optional<String> retainedOn(NodeSpec edge) {
        Mqtt5BlockingClient reader = Mqtt5Client.builder().identifier("reader-" + UUID.randomUUID())
                .serverHost(edge.host()).serverPort(edge.port()).simpleAuth(operatorAuth()).buildBlocking();
        reader.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith().topicFilter(TOPIC).qos(MqttQos.AT_LEAST_ONCE).send();
            return publishes.receive(300, TimeUnit.MILLISECONDS).map(RetainedResyncIT::payload);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            reader.disconnect();
        }
    }

    private HaMqttClient sdkClient(String id, NodeSpec preferred) throws Exception {
        return sdkClient(id, preferred, MqttProtocol.MQTT_5);
    }

    private HaMqttClient sdkClient(String id, NodeSpec preferred, MqttProtocol protocol) throws Exception {
        HaMqttClient client = HaMqttClient.create(HaClientConfig.builder()
                .addresses(cluster.description().edgeAddresses())
                .credentials(ClusterLogins.operator(clusterExtension))
                .clientId(id)
                .nodeSelection(NodeSelection.PREFERRED)
                .preferredNode(preferred.address())
                .protocol(protocol)
                .build());
        clusterExtension.closeAfterTest(client);
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }

    private Mqtt5BlockingClient plainClient(NodeSpec edge) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("wire-" + UUID.randomUUID())
                .serverHost(edge.host()).serverPort(edge.port()).simpleAuth(operatorAuth()).buildBlocking();
        client.connect();
        plainClients.add(client);
        return client;
    }

    private Mqtt5SimpleAuth operatorAuth() {
        Credentials operator = ClusterLogins.operator(clusterExtension);
        return Mqtt5SimpleAuth.builder().username(operator.username()).password(operator.password()).build();
    }

    private static String payload(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
