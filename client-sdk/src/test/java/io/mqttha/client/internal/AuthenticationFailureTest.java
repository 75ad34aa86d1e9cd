package io.mqttha.client.internal;

import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.client.AuthenticationFailedEvent;
import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BackoffPolicy;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.NoNodeAvailableException;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.NodeHealthEvent;
import io.mqttha.client.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A node that refuses the credentials is reported as such, left alone for the authentication retry interval
 * and never mistaken for a dead node, over fake connections and the injected clock.
 */
class AuthenticationFailureTest {

    private static final BrokerAddress A = BrokerAddress.parse("10.0.0.1:1883");
    private static final BrokerAddress B = BrokerAddress.parse("10.0.0.2:1883");
    /** Without jitter, so that retry times are exact. */
    private static final BackoffPolicy EXACT_BACKOFF = new BackoffPolicy(BackoffPolicy.DEFAULT_INITIAL,
            BackoffPolicy.DEFAULT_MAX, BackoffPolicy.DEFAULT_MULTIPLIER, 0.0);
    /** Longer than the watchdog period, after which a client waiting for a backoff has looked at the clock. */
    private static final long SETTLE_MILLIS = 3 * DefaultHaMqttClient.WATCHDOG_PERIOD.toMillis() / 2;

    private final FakeConnections fake = new FakeConnections();
    private final MutableClock clock = new MutableClock();
    private final List<AuthenticationFailedEvent> refusals = new CopyOnWriteArrayList<>();
    private final List<NodeHealthEvent> health = new CopyOnWriteArrayList<>();
    private DefaultHaMqttClient client;

    private DefaultHaMqttClient client(UnaryOperator<HaClientConfig.Builder> settings) {
        HaClientConfig config = settings.apply(HaClientConfig.builder()
                .addresses(A + "," + B)
                .clientId("unit")
                .credentials(Credentials.of("alice", "wrong"))
                .backoff(EXACT_BACKOFF)
                .healthProbing(false)
                .standbySubscriptions(false)).build();
        client = new DefaultHaMqttClient(config, clock, new Random(7), inbound -> fake);
        client.addListener(new HaClientListener() {
            @Override
            public void onAuthenticationFailed(AuthenticationFailedEvent event) {
                refusals.add(event);
            }

            @Override
            public void onNodeHealthChanged(NodeHealthEvent event) {
                health.add(event);
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

    private long connectAttempts() {
        return fake.log.stream().filter(line -> line.startsWith("connect@")).count();
    }

    private List<NodeState> states() {
        return client.nodeHealth().stream().map(NodeHealth::state).toList();
    }

    @Test
    void whenEveryNodeRefusesConnectFailsWithAnAuthenticationFailureNamingThem() {
        fake.refusing.add(A);
        fake.refusing.add(B);
        CompletableFuture<BrokerAddress> connected = client(b -> b).connect();

        assertThatThrownBy(() -> connected.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AuthenticationFailedException.class)
                .isNotInstanceOf(NoNodeAvailableException.class)
                .hasMessageContaining(A.toString())
                .hasMessageContaining(B.toString())
                .hasMessageContaining("user 'alice'")
                .hasMessageContaining("not authorized (reason code 0x87)")
                .satisfies(e -> {
                    AuthenticationFailedException refused = (AuthenticationFailedException) e;
                    assertThat(refused.nodes()).containsExactly(A, B);
                    assertThat(refused.reasonCodes()).containsEntry(A, 0x87).containsEntry(B, 0x87);
                    assertThat(refused.getSuppressed()).hasSize(2);
                });
        assertThat(states()).containsExactly(NodeState.REFUSED, NodeState.REFUSED);
        await().until(() -> refusals.size() == 2);
        assertThat(refusals).extracting(AuthenticationFailedEvent::node).containsExactly(A, B);
        assertThat(refusals).allSatisfy(event -> {
            assertThat(event.reasonCode()).isEqualTo(0x87);
            assertThat(event.reason()).isEqualTo("not authorized");
            assertThat(event.time()).isEqualTo(clock.instant());
            assertThat(event.retryAt())
                    .isEqualTo(clock.instant().plus(HaClientConfig.DEFAULT_AUTHENTICATION_RETRY_INTERVAL));
            assertThat(event.cause().nodes()).containsExactly(event.node());
        });
        assertThat(client.metrics().authenticationFailures()).isEqualTo(2);
        await().until(() -> health.stream().filter(e -> e.current().state() == NodeState.REFUSED).count() == 2);
    }

    @Test
    void refusedNodesAreRetriedOnlyEveryAuthenticationRetryIntervalNotAtBackoffSpeed() throws Exception {
        fake.refusing.add(A);
        fake.refusing.add(B);
        CompletableFuture<BrokerAddress> connected = client(b -> b).connect();
        assertThatThrownBy(() -> connected.get(2, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AuthenticationFailedException.class);
        assertThat(connectAttempts()).isEqualTo(2);

        // 60 simulated seconds in 2-second steps. The normal backoff (200 ms doubling to 10 s) would have
        // retried both nodes about ten times each by the end; the 30 s interval allows two rounds.
        for (int second = 2; second <= 60; second += 2) {
            clock.advance(Duration.ofSeconds(2));
            Thread.sleep(SETTLE_MILLIS);
            if (second < 30) {
                assertThat(connectAttempts()).as("attempts after %d s", second).isEqualTo(2);
            }
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> connectAttempts() == 6);
        Thread.sleep(SETTLE_MILLIS);
        assertThat(connectAttempts()).isEqualTo(6);
        assertThat(client.metrics().authenticationFailures()).isEqualTo(6);
        assertThat(refusals).hasSize(6);
        assertThat(states()).containsExactly(NodeState.REFUSED, NodeState.REFUSED);
    }

    @Test
    void theClientUsesAnotherNodeWhileOneRefusesAndDoesNotGoBackToItWhenThatOneDies() throws Exception {
        fake.refusing.add(A);
        assertThat(client(b -> b).connect().get(2, TimeUnit.SECONDS)).isEqualTo(B);
        assertThat(states()).containsExactly(NodeState.REFUSED, NodeState.UP);
        await().until(() -> refusals.size() == 1);

        fake.down.add(B);
        fake.current().die();
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            Thread.sleep(SETTLE_MILLIS);
        }

        assertThat(fake.log.stream().filter(line -> line.equals("connect@" + A))).hasSize(1);
        assertThat(states()).containsExactly(NodeState.REFUSED, NodeState.DOWN);
        assertThat(connectAttempts()).as("B is retried at backoff speed, A not at all").isGreaterThan(3);

        fake.refusing.remove(A);
        clock.advance(HaClientConfig.DEFAULT_AUTHENTICATION_RETRY_INTERVAL);
        await().atMost(Duration.ofSeconds(2)).until(() -> client.currentNode().filter(A::equals).isPresent());
    }

    @Test
    void aProbeThatIsRefusedReportsRefusedNotDownAndIsNotRepeatedUntilTheIntervalPassed() throws Exception {
        fake.refusing.add(A);
        client(b -> b.healthProbing(true).healthProbeInterval(Duration.ofMillis(20))).connect()
                .get(2, TimeUnit.SECONDS);
        // Some 25 probe rounds of real time; the injected clock stands still within the retry interval.
        Thread.sleep(500);

        assertThat(client.nodeHealth().get(0).state()).isEqualTo(NodeState.REFUSED);
        assertThat(health).noneMatch(e -> e.current().node().equals(A) && e.current().state() == NodeState.DOWN);
        // The connection attempt, and at most one probe that raced it; later probes leave A alone.
        assertThat(client.metrics().authenticationFailures()).isBetween(1L, 2L);

        fake.refusing.remove(A);
        clock.advance(HaClientConfig.DEFAULT_AUTHENTICATION_RETRY_INTERVAL.multipliedBy(2));
        await().atMost(Duration.ofSeconds(2)).until(() -> client.nodeHealth().get(0).state() == NodeState.UP);
    }

    @Test
    void aMixOfRefusalsAndDeadNodesIsNoNodeAvailable() {
        fake.refusing.add(A);
        fake.down.add(B);
        CompletableFuture<BrokerAddress> connected = client(b -> b).connect();

        assertThatThrownBy(() -> connected.get(2, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NoNodeAvailableException.class)
                .hasMessageContaining("not authorized");
        assertThat(states()).containsExactly(NodeState.REFUSED, NodeState.DOWN);
    }

    @Test
    void theRetryIntervalIsConfigurable() throws Exception {
        fake.refusing.add(A);
        fake.refusing.add(B);
        CompletableFuture<BrokerAddress> connected = client(b -> b.authenticationRetryInterval(Duration.ofSeconds(5)))
                .connect();
        assertThatThrownBy(() -> connected.get(2, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AuthenticationFailedException.class);
        await().until(() -> refusals.size() == 2);
        assertThat(refusals.get(0).retryAt()).isEqualTo(clock.instant().plusSeconds(5));

        clock.advance(Duration.ofSeconds(4));
        Thread.sleep(SETTLE_MILLIS);
        assertThat(connectAttempts()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(2)).until(() -> connectAttempts() == 4);
    }
}
