package io.mqttha.client.internal;

import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.client.BackoffPolicy;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.BufferFullException;
import io.mqttha.client.BufferOverflowEvent;
import io.mqttha.client.ClientClosedException;
import io.mqttha.client.DisconnectedEvent;
import io.mqttha.client.FailoverEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.ListenerRegistration;
import io.mqttha.client.MessageDroppedException;
import io.mqttha.client.NoNodeAvailableException;
import io.mqttha.client.NodeHungException;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.NodeState;
import io.mqttha.client.OfflineBufferLimits;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.RejectedByBrokerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client's state machine over fake connections: failover, republish, buffer and close rules. */
class DefaultHaMqttClientTest {

    private static final BrokerAddress A = BrokerAddress.parse("10.0.0.1:1883");
    private static final BrokerAddress B = BrokerAddress.parse("10.0.0.2:1883");

    private final FakeConnections fake = new FakeConnections();
    private final MutableClock clock = new MutableClock();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private DefaultHaMqttClient client;

    private DefaultHaMqttClient client(UnaryOperator<HaClientConfig.Builder> settings) {
        HaClientConfig config = settings.apply(HaClientConfig.builder()
                .addresses(A + "," + B)
                .clientId("unit")
                .healthProbing(false)
                .standbySubscriptions(false)).build();
        client = new DefaultHaMqttClient(config, clock, new Random(7), inbound -> fake);
        client.addListener(new HaClientListener() {
            @Override
            public void onDisconnected(DisconnectedEvent event) {
                events.add(event);
            }

            @Override
            public void onFailover(FailoverEvent event) {
                events.add(event);
            }

            @Override
            public void onBufferOverflow(BufferOverflowEvent event) {
                events.add(event);
            }
        });
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onLossRestoresSubscriptionsThenResendsUnacknowledgedPublishesInOrder() throws Exception {
        fake.silent.add(A);
        client(b -> b).connect().get(1, TimeUnit.SECONDS);
        client.subscribe("in/#", Qos.AT_LEAST_ONCE, m -> { }).get(1, TimeUnit.SECONDS);
        List<CompletableFuture<PublishResult>> futures = List.of(
                client.publish("out", text("1"), Qos.AT_LEAST_ONCE, false),
                client.publish("out", text("2"), Qos.EXACTLY_ONCE, false),
                client.publish("out", text("3"), Qos.AT_LEAST_ONCE, false));
        await().until(() -> fake.log.contains("publish 3@" + A));
        fake.log.clear();

        fake.current().die();

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        assertThat(fake.log).containsExactly("connect@" + B, "subscribe in/#@" + B, "publish 1@" + B,
                "publish 2@" + B, "publish 3@" + B);
        assertThat(futures).allSatisfy(f -> assertThat(f.join()).isEqualTo(new PublishResult(B, 2)));
        assertThat(client.currentNode()).contains(B);
        await().until(() -> events.stream().anyMatch(e -> e instanceof FailoverEvent f
                && f.from().equals(A) && f.to().equals(B)));
        assertThat(client.metrics().publishesRepublished()).isEqualTo(3);
        assertThat(client.metrics().failovers()).isEqualTo(1);
        assertThat(client.nodeHealth().get(0).state()).isEqualTo(NodeState.DOWN);
    }

    @Test
    void aLambdaHandlerSeesItsEventTypeUntilItsRegistrationIsRemoved() throws Exception {
        List<FailoverEvent> failovers = new CopyOnWriteArrayList<>();
        client(b -> b).connect().get(1, TimeUnit.SECONDS);
        ListenerRegistration registration = client.onFailover(failovers::add);

        fake.current().die();
        await().until(() -> failovers.size() == 1);
        registration.remove();
        fake.down.add(B);
        clock.advance(Duration.ofMinutes(1)); // past A's backoff
        fake.current().die();
        await().until(() -> events.stream().filter(FailoverEvent.class::isInstance).count() == 2);

        assertThat(failovers).singleElement().satisfies(f -> {
            assertThat(f.from()).isEqualTo(A);
            assertThat(f.to()).isEqualTo(B);
        });
    }

    @Test
    void aNodeThatStopsAnsweringIsLeftOnceTheInjectedClockPassesTheHangTimeout() throws Exception {
        fake.silent.add(A);
        client(b -> b.hangDetectionTimeout(Duration.ofSeconds(3))).connect().get(1, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> future = client.publish("out", text("x"), Qos.AT_LEAST_ONCE, false);
        await().until(() -> fake.log.contains("publish x@" + A));

        clock.advance(Duration.ofSeconds(3));
        assertThat(future.get(2, TimeUnit.SECONDS).node()).isEqualTo(B);
        assertThat(client.nodeHealth().get(0).state()).isEqualTo(NodeState.HUNG);
        await().until(() -> events.stream().anyMatch(e -> e instanceof DisconnectedEvent d
                && d.cause() instanceof NodeHungException));
    }

    @Test
    void whileOfflineAFullBufferDropsOldestQos0AndRefusesQos1() throws Exception {
        fake.down.add(A);
        fake.down.add(B);
        client(b -> b.offlineBuffer(new OfflineBufferLimits(2, 1_000)));
        CompletableFuture<?> connected = client.connect();
        assertThatThrownBy(() -> connected.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(NoNodeAvailableException.class);

        CompletableFuture<PublishResult> qos0 = client.publish("out", text("a"), Qos.AT_MOST_ONCE, false);
        CompletableFuture<PublishResult> qos1 = client.publish("out", text("b"), Qos.AT_LEAST_ONCE, false);
        CompletableFuture<PublishResult> qos2 = client.publish("out", text("c"), Qos.EXACTLY_ONCE, false);
        assertThatThrownBy(() -> client.publish("out", text("d"), Qos.AT_LEAST_ONCE, false))
                .isInstanceOf(BufferFullException.class)
                .hasMessageContaining("offline buffer full");

        assertThatThrownBy(() -> qos0.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(MessageDroppedException.class);
        assertThat(client.metrics().qos0Dropped()).isEqualTo(1);
        assertThat(client.metrics().publishesRejected()).isEqualTo(1);
        assertThat(client.metrics().bufferedMessages()).isEqualTo(2);
        await().until(() -> events.stream().filter(e -> e instanceof BufferOverflowEvent).count() == 2);

        fake.down.clear();
        clock.advance(BackoffPolicy.DEFAULT_MAX);
        assertThat(qos1.get(2, TimeUnit.SECONDS).attempts()).isEqualTo(1);
        assertThat(qos2.get(2, TimeUnit.SECONDS).node()).isIn(A, B);
    }

    @Test
    void closeFailsWhatIsOutstandingWithAClearReason() throws Exception {
        fake.silent.add(A);
        client(b -> b).connect().get(1, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> future = client.publish("out", text("x"), Qos.AT_LEAST_ONCE, false);

        client.close();

        assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ClientClosedException.class)
                .hasMessageContaining("before the publish to 'out' was acknowledged");
        assertThatThrownBy(() -> client.publish("out", text("y"), Qos.AT_LEAST_ONCE, false).join())
                .hasCauseInstanceOf(ClientClosedException.class);
        assertThat(client.metrics().publishesFailed()).isEqualTo(1);
    }

    @Test
    void messagesReachOnlyTheConsumersWhoseFilterMatches() throws Exception {
        client(b -> b).connect().get(1, TimeUnit.SECONDS);
        List<String> seen = new CopyOnWriteArrayList<>();
        client.subscribe("a/+", Qos.AT_LEAST_ONCE, m -> seen.add("plus:" + m.topic())).get(1, TimeUnit.SECONDS);
        client.subscribe("a/#", Qos.AT_LEAST_ONCE, m -> seen.add("hash:" + m.topic())).get(1, TimeUnit.SECONDS);
        FakeConnections.FakeConnection connection = fake.current();

        connection.events.onMessage(connection, new io.mqttha.client.InboundMessage("a/b/c", new byte[0],
                Qos.AT_LEAST_ONCE, false, List.of(), A, clock.instant()));

        assertThat(seen).containsExactly("hash:a/b/c");
        assertThat(client.metrics().messagesReceived()).isEqualTo(1);
    }

    @Test
    void everySubscriptionIsRestoredInOneSubscribeBeforeTheHeldPublishesGoOut() throws Exception {
        fake.silent.add(A);
        client(b -> b).connect().get(1, TimeUnit.SECONDS);
        client.subscribe("in/#", Qos.AT_LEAST_ONCE, m -> { }).get(1, TimeUnit.SECONDS);
        client.subscribe("control/+", Qos.AT_MOST_ONCE, m -> { }).get(1, TimeUnit.SECONDS);
        CompletableFuture<PublishResult> future = client.publish("out", text("1"), Qos.AT_LEAST_ONCE, false);
        await().until(() -> fake.log.contains("publish 1@" + A));
        fake.log.clear();

        fake.current().die();

        assertThat(future.get(1, TimeUnit.SECONDS).node()).isEqualTo(B);
        assertThat(fake.log).containsExactly("connect@" + B, "subscribe in/#,control/+@" + B, "publish 1@" + B);
    }

    @Test
    void thousandsOfSubscriptionsAreRestoredInPacketsOfAtMostTheBatchSize() throws Exception {
        int count = SubscriptionRegistry.MAX_FILTERS_PER_SUBSCRIBE + 1;
        client(b -> b);
        for (int i = 0; i < count; i++) {
            client.subscribe("t/" + i, Qos.AT_LEAST_ONCE, m -> { });
        }

        client.connect().get(1, TimeUnit.SECONDS);

        await().until(() -> fake.log.stream().filter(entry -> entry.startsWith("subscribe ")).count() == 2);
        List<String> subscribes = fake.log.stream().filter(entry -> entry.startsWith("subscribe ")).toList();
        assertThat(subscribes.get(0).split(",")).hasSize(SubscriptionRegistry.MAX_FILTERS_PER_SUBSCRIBE);
        assertThat(subscribes.get(1)).isEqualTo("subscribe t/" + (count - 1) + "@" + A);
    }

    @Test
    void aFilterRefusedWithinOneSubscribeFailsAloneAndIsNotRestoredAgain() throws Exception {
        fake.refusedFilters.add("secret/#");
        client(b -> b);
        CompletableFuture<Void> allowed = client.subscribe("in/#", Qos.AT_LEAST_ONCE, m -> { });
        CompletableFuture<Void> refused = client.subscribe("secret/#", Qos.AT_LEAST_ONCE, m -> { });

        client.connect().get(1, TimeUnit.SECONDS);

        allowed.get(1, TimeUnit.SECONDS);
        assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RejectedByBrokerException.class);
        assertThat(fake.log).contains("subscribe in/#,secret/#@" + A);
        fake.log.clear();
        fake.current().die();
        await().until(() -> client.currentNode().equals(java.util.Optional.of(B)));
        assertThat(fake.log).containsExactly("connect@" + B, "subscribe in/#@" + B);
    }

    @Test
    void whenEveryNodeIsBackingOffProbesOutOfTurnFindTheOneThatIsBack() throws Exception {
        // Scheduled probes an hour apart and an injected clock that never moves: neither the probe schedule
        // nor the end of a backoff can be what brings the client back.
        client(b -> b.healthProbing(true).healthProbeInterval(Duration.ofHours(1))).connect().get(1, TimeUnit.SECONDS);
        assertThat(client.currentNode()).contains(A);
        fake.down.add(A);
        fake.current().die();
        await().until(() -> client.currentNode().equals(java.util.Optional.of(B)));
        fake.down.add(B);
        fake.log.clear();

        fake.current().die();

        await().until(() -> fake.log.contains("probe@" + A));
        assertThat(client.currentNode()).isEmpty();
        fake.down.remove(A);
        await().until(() -> client.currentNode().equals(java.util.Optional.of(A)));
        assertThat(fake.log).contains("connect@" + A);
        assertThat(client.nodeHealth().get(1).state()).isEqualTo(NodeState.DOWN);
    }

    @Test
    void outOfTurnProbeRoundsGrowSparseAndStopWhereTheScheduledProbesAreAsFrequent() {
        Duration interval = Duration.ofSeconds(1);
        assertThat(java.util.stream.IntStream.range(0, 8)
                .mapToObj(round -> HealthProbes.rescueProbeDelay(round, interval).map(Duration::toMillis)))
                .containsExactly(java.util.Optional.of(0L), java.util.Optional.of(25L), java.util.Optional.of(50L),
                        java.util.Optional.of(100L), java.util.Optional.of(200L), java.util.Optional.of(400L),
                        java.util.Optional.of(800L), java.util.Optional.empty());
        assertThat(HealthProbes.rescueProbeDelay(1_000, interval)).isEmpty();
    }

    @Test
    void aPublishWhoseConnectionDiesAsItIsSentIsResentOnTheNextNode() throws Exception {
        client(b -> b).connect().get(1, TimeUnit.SECONDS);
        fake.dieOnPublish.add(A);

        CompletableFuture<PublishResult> future = client.publish("out", text("1"), Qos.AT_LEAST_ONCE, false);

        assertThat(future.get(1, TimeUnit.SECONDS)).isEqualTo(new PublishResult(B, 2));
        assertThat(fake.log).containsSubsequence("publish 1@" + A, "connect@" + B, "publish 1@" + B);
        assertThat(client.metrics().publishesAcknowledged()).isEqualTo(1);
        assertThat(client.metrics().bufferedMessages()).isZero();
    }

    @Test
    void acknowledgementsArriveOnTheCallbackThreadInPublishOrder() throws Exception {
        client(b -> b).connect().get(1, TimeUnit.SECONDS);
        List<String> completions = new CopyOnWriteArrayList<>();
        List<CompletableFuture<PublishResult>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String payload = Integer.toString(i);
            futures.add(client.publish("out", text(payload), Qos.AT_LEAST_ONCE, false)
                    .whenComplete((r, e) -> completions.add(Thread.currentThread().getName() + " " + payload)));
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        await().until(() -> completions.size() == 100);
        // A stage added to a future that is complete already runs at once on the thread adding it; every other
        // completion runs on the callback thread, not on the thread that delivered the acknowledgement.
        String test = Thread.currentThread().getName() + " ";
        assertThat(completions).allSatisfy(c -> assertThat(c).matches(
                java.util.regex.Pattern.quote(test) + ".*|mqtt-ha-callbacks-\\d+ .*"));
        assertThat(completions).extracting(c -> c.substring(c.indexOf(' ') + 1))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toList());
        assertThat(client.metrics().bufferedMessages()).isZero();
    }

    @Test
    void aLostStandbyIsReplacedOnlyAfterTheClientsShareOfTheReplacementSpread() throws Exception {
        BrokerAddress c = BrokerAddress.parse("10.0.0.3:1883");
        client(b -> b.address(c).nodeSelection(NodeSelection.ORDERED)
                .standbySubscriptions(true)).connect().get(1, TimeUnit.SECONDS);
        client.subscribe("in/#", Qos.AT_LEAST_ONCE, m -> { }).get(1, TimeUnit.SECONDS);
        await().until(() -> client.standbyNode().isPresent());
        FakeConnections.FakeConnection standby = fake.connections.stream()
                .filter(connection -> connection.open && !connection.node.equals(A)).findFirst().orElseThrow();
        long connectsBefore = fake.log.stream().filter(line -> line.startsWith("connect@")).count();

        standby.die();

        // The watchdog runs every 100 ms on the real clock and reads the injected one, which stands still here.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> fake.log.stream().filter(line -> line.startsWith("connect@")).count() == connectsBefore);
        assertThat(client.standbyNode()).isEmpty();

        clock.advance(Standby.REPLACEMENT_SPREAD);

        await().until(() -> client.standbyNode().isPresent());
        assertThat(client.currentNode()).contains(A);
    }
}
