package io.mqttha.client;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.testing.LocalClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acceptance of the SDK on the real seven-edge cluster: a subscriber on one edge, a publisher on another,
 * and the node under one of them killed (SIGKILL) or frozen (SIGSTOP) in the middle of a stream.
 */
class FailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);
    private static final int MESSAGES = 400;
    private static final long PAUSE_MILLIS = 5;
    private static final int BREAK_AT = 150;

    @RegisterExtension
    final LocalClusterExtension clusterExtension = new LocalClusterExtension();

    private LocalCluster cluster;

    @BeforeEach
    void useCluster() {
        cluster = clusterExtension.get();
    }

    @ParameterizedTest
    @EnumSource(value = Qos.class, names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void publisherNodeKilledMidStream(Qos qos) throws Exception {
        runStream(qos, "node-2", cluster::kill);
    }

    @ParameterizedTest
    @EnumSource(value = Qos.class, names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void subscriberNodeKilledMidStream(Qos qos) throws Exception {
        runStream(qos, "node-1", cluster::kill);
    }

    @ParameterizedTest
    @EnumSource(value = Qos.class, names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void publisherNodePausedMidStream(Qos qos) throws Exception {
        runStream(qos, "node-2", cluster::pause);
    }

    @ParameterizedTest
    @EnumSource(value = Qos.class, names = {"AT_LEAST_ONCE", "EXACTLY_ONCE"})
    void subscriberNodePausedMidStream(Qos qos) throws Exception {
        runStream(qos, "node-1", cluster::pause);
    }

    @Test
    void keepsWorkingAfterSixOfSevenEdgesDieOneAfterAnother() throws Exception {
        List<FailoverEvent> failovers = new CopyOnWriteArrayList<>();
        HaMqttClient client = client("survivor", edgeAddresses(1, 2, 3, 4, 5, 6, 7), l -> { });
        client.addListener(new HaClientListener() {
            @Override
            public void onFailover(FailoverEvent event) {
                failovers.add(event);
            }
        });
        MessageStream stream = new MessageStream("it/survivor", Qos.AT_LEAST_ONCE, 6 * 40 + 40);
        client.subscribe(stream.topic, stream.qos, stream::onMessage).get(5, TimeUnit.SECONDS);

        int seq = 0;
        for (int edge = 1; edge <= 6; edge++) {
            for (int i = 0; i < 40; i++) {
                stream.publish(client, seq++);
            }
            BrokerAddress victim = address("node-" + edge);
            assertThat(client.currentNode()).contains(victim);
            cluster.kill("node-" + edge);
            await().atMost(Duration.ofSeconds(5)).until(() -> client.currentNode()
                    .filter(node -> !node.equals(victim)).isPresent());
            LOG.info("Killed node-{}; now on {}", edge, client.currentNode().orElseThrow());
        }
        for (int i = 0; i < 40; i++) {
            stream.publish(client, seq++);
        }

        CompletableFuture.allOf(stream.futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.missing().isEmpty());
        assertThat(client.currentNode()).contains(address("node-7"));
        await().atMost(Duration.ofSeconds(2)).until(() -> failovers.size() == 6);
        // The counters include continuity's own control publishes (repair requests and the replays answering
        // them when the client sees a gap in its own stream around a failover), so they can exceed the stream.
        assertThat(client.metrics().publishesAcknowledged()).isGreaterThanOrEqualTo(stream.count);
        assertThat(client.metrics().publishesFailed()).isZero();
    }

    @Test
    void mqtt311ClientRestoresItsSubscriptionAndLosesNoPublishWhenItsNodeDies() throws Exception {
        HaMqttClient client = HaMqttClient.create(HaClientConfig.builder()
                .addresses(edgeAddresses(3, 4))
                .credentials(ClusterLogins.operator(clusterExtension))
                .clientId("legacy")
                .nodeSelection(NodeSelection.ORDERED)
                .protocol(MqttProtocol.MQTT_3_1_1)
                .build());
        clusterExtension.closeAfterTest(client);
        client.connect().get(10, TimeUnit.SECONDS);
        MessageStream stream = new MessageStream("it/legacy", Qos.AT_LEAST_ONCE, 200);
        client.subscribe(stream.topic, stream.qos, stream::onMessage).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.standbyNode().isPresent());

        stream.run(client, PAUSE_MILLIS, 80, () -> cluster.kill("node-3"));

        CompletableFuture.allOf(stream.futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stream.missing()).isEmpty());
        assertThat(client.currentNode()).contains(address("node-4"));
    }

    /**
     * Runs a stream from a publisher on node-2 to a subscriber on node-1 and breaks {@code victim} after
     * {@link #BREAK_AT} messages; every publish must be acknowledged and every message must arrive.
     */
    private void runStream(Qos qos, String victim, Consumer<String> breakNode) throws Exception {
        MessageStream stream = new MessageStream("it/stream/" + qos.code(), qos, MESSAGES);
        List<FailoverEvent> failovers = new CopyOnWriteArrayList<>();
        HaClientListener recorder = new HaClientListener() {
            @Override
            public void onFailover(FailoverEvent event) {
                failovers.add(event);
            }
        };
        HaMqttClient subscriber = client("subscriber", edgeAddresses(1, 3, 4), c -> c.addListener(recorder));
        HaMqttClient publisher = client("publisher", edgeAddresses(2, 5, 6), c -> c.addListener(recorder));
        subscriber.subscribe(stream.topic, qos, stream::onMessage).get(5, TimeUnit.SECONDS);
        assertThat(subscriber.currentNode()).contains(address("node-1"));
        assertThat(publisher.currentNode()).contains(address("node-2"));
        awaitStreamFlows(subscriber, publisher);
        await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.standbyNode().isPresent());

        long[] brokenAt = new long[1];
        stream.run(publisher, PAUSE_MILLIS, BREAK_AT, () -> {
            brokenAt[0] = System.nanoTime();
            breakNode.accept(victim);
        });

        CompletableFuture.allOf(stream.futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(stream.futures).allSatisfy(f -> assertThat(f).isCompleted());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stream.missing()).isEmpty());
        assertThat(failovers).as("failovers").isNotEmpty();
        if (victim.equals("node-2")) {
            long millis = stream.millisToFirstAckElsewhere(brokenAt[0], address("node-2"));
            LOG.info("MEASURED {} {}: first acknowledged publish on another node {} ms after the break; "
                    + "failover event {}", victim, qos, millis, failovers.get(0).duration().toMillis());
        } else {
            LOG.info("MEASURED {} {}: failover event {}", victim, qos, failovers.get(0));
        }
        LOG.info("Subscriber {} / publisher {}", subscriber.metrics(), publisher.metrics());
    }

    /** The bridges route through the relays; wait until a message actually makes it from node-2 to node-1. */
    private void awaitStreamFlows(HaMqttClient subscriber, HaMqttClient publisher) throws Exception {
        List<InboundMessage> arrived = new CopyOnWriteArrayList<>();
        subscriber.subscribe("it/warmup", Qos.AT_LEAST_ONCE, arrived::add).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            publisher.publish("it/warmup", new byte[0], Qos.AT_LEAST_ONCE, false);
            return !arrived.isEmpty();
        });
        subscriber.unsubscribe("it/warmup").get(5, TimeUnit.SECONDS);
    }

    /** A client that walks its addresses in the given order, so that each test knows which node it is on. */
    private HaMqttClient client(String id, String addresses, Consumer<HaMqttClient> setUp) throws Exception {
        HaMqttClient client = HaMqttClient.create(HaClientConfig.builder()
                .addresses(addresses)
                .nodeSelection(NodeSelection.ORDERED)
                .credentials(ClusterLogins.operator(clusterExtension))
                .clientId(id)
                .build());
        clusterExtension.closeAfterTest(client);
        setUp.accept(client);
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }

    private String edgeAddresses(int... edges) {
        List<String> addresses = new ArrayList<>();
        for (int edge : edges) {
            addresses.add(cluster.description().node("node-" + edge).address());
        }
        return String.join(",", addresses);
    }

    private BrokerAddress address(String node) {
        return BrokerAddress.parse(cluster.description().node(node).address());
    }
}
