package io.mqttha.brokers;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.Login;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The retained guard on the real nine brokers: a retained copy older than the node's own is refused wherever it
 * arrives, so that an edge rejoining with stale copies no longer overwrites the rest of the cluster.
 */
class RetainedGuardIT {

    private static final String VERSION = "mqttha-version";
    private static final Duration PROPAGATION = Duration.ofSeconds(10);
    /** Relay-a drops a frozen edge's bridge after one and a half keep-alives. */
    private static final Duration BRIDGE_DROP = Duration.ofSeconds(20);

    @TempDir
    Path runDirectory;

    private LocalCluster cluster;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();
    private final String topic = "guard-it/" + UUID.randomUUID();

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory);
    }

    @AfterEach
    void stopCluster() {
        for (Mqtt5BlockingClient client : clients) {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
        cluster.close();
    }

    @Test
    void everyNodeLoadsTheGuard() {
        assertThat(cluster.retainedGuard().plugin()).as(cluster.retainedGuard().summary()).isPresent();
        for (NodeSpec node : cluster.description().nodes()) {
            Mqtt5BlockingClient client = operatorOn(node);
            String ownTopic = topic + "/" + node.name();
            publish(client, ownTopic, "newer", "1000-0000000a:5");
            assertRefused(() -> publish(client, ownTopic, "older", "1000-0000000a:4"));
        }
    }

    @Test
    void anOlderCopyIsRefusedOnAnyNodeAndTheNewestStaysEverywhere() {
        Mqtt5BlockingClient atNode1 = operatorOn(edge(1));
        publish(atNode1, "five", "1000-0000000a:5");
        awaitEveryNodeHolds("five");

        assertRefused(() -> publish(atNode1, "four", "1000-0000000a:4"));
        assertRefused(() -> publish(operatorOn(edge(4)), "from an older incarnation", "999-ffffffff:9"));
        // The same version again passes: the SDK re-publishes its newest value to heal a node that missed it.
        publish(operatorOn(edge(6)), "five", "1000-0000000a:5");
        publish(atNode1, "six", "1000-0000000a:6");
        awaitEveryNodeHolds("six");
    }

    @Test
    void aRetainedWriteWithoutAVersionPassesAndIsTheNewestFromThenOn() {
        Mqtt5BlockingClient atNode2 = operatorOn(edge(2));
        publish(atNode2, "versioned", "1000-0000000a:5");
        awaitEveryNodeHolds("versioned");
        atNode2.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("plain".getBytes(StandardCharsets.UTF_8)).send();
        awaitEveryNodeHolds("plain");
        publish(atNode2, "versioned again", "1000-0000000a:1");
        awaitEveryNodeHolds("versioned again");
    }

    @Test
    void aFrozenEdgeThatRejoinsGetsTheNewestValueAndOverwritesNothing() {
        Mqtt5BlockingClient atNode1 = operatorOn(edge(1));
        publish(atNode1, "before the freeze", "1000-0000000a:1");
        awaitEveryNodeHolds("before the freeze");
        NodeSpec frozen = edge(5);
        cluster.pause(frozen.name());
        await().atMost(BRIDGE_DROP).until(() -> cluster.bridgedTo(frozen.name()).isEmpty());
        publish(atNode1, "while it was frozen", "1000-0000000a:2");
        cluster.resume(frozen.name());
        await().atMost(BRIDGE_DROP).until(() -> cluster.bridgedTo(frozen.name()).isPresent());
        // Its bridge re-sent "before the freeze" on reconnecting: the relay refused it.
        awaitEveryNodeHolds("while it was frozen");
    }

    private void awaitEveryNodeHolds(String payload) {
        for (NodeSpec node : cluster.description().nodes()) {
            await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(retainedOn(node)).as(node.name()).contains(payload));
        }
    }

    /** What a new subscriber on {@code node} is handed as the topic's retained value. */
    private Optional<String> retainedOn(NodeSpec node) throws InterruptedException {
        Mqtt5BlockingClient reader = operatorOn(node);
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Optional<Mqtt5Publish> retained = publishes.receive(1, TimeUnit.SECONDS);
            return retained.map(publish -> new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
        } finally {
            reader.disconnect();
        }
    }

    private void publish(Mqtt5BlockingClient client, String payload, String version) {
        publish(client, topic, payload, version);
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String payload, String version) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .userProperties().add(VERSION, version).applyUserProperties()
                .send();
    }

    private static void assertRefused(Runnable publish) {
        assertThatThrownBy(publish::run).isInstanceOfSatisfying(Mqtt5PubAckException.class, refused ->
                assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
    }

    private NodeSpec edge(int index) {
        return cluster.description().node("node-" + index);
    }

    private Mqtt5BlockingClient operatorOn(NodeSpec node) {
        Login login = cluster.login(AccessPolicy.OPERATOR);
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("guard-it-" + UUID.randomUUID())
                .serverHost(node.host()).serverPort(node.port())
                .simpleAuth().username(login.username()).password(login.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildBlocking();
        client.connect();
        clients.add(client);
        return client;
    }
}
