package io.mqttha.client.internal;

import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.client.BackoffPolicy;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.NodeHealthEvent;
import io.mqttha.client.NodeState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NodeTrackerTest {

    private static final BrokerAddress A = BrokerAddress.parse("10.0.0.1:1883");
    private static final BrokerAddress B = BrokerAddress.parse("10.0.0.2:1883");
    /** No jitter (a sample of 0.5 lands in the middle of the band), so delays are exact. */
    private static final BackoffPolicy BACKOFF = new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
            2.0, 0.5);

    private final MutableClock clock = new MutableClock();
    private final NodeTracker tracker = new NodeTracker(List.of(A, B), BACKOFF, Duration.ofSeconds(30), clock,
            () -> 0.5);

    private Instant retryAt(BrokerAddress node) {
        return tracker.candidates().stream().filter(c -> c.address().equals(node)).findFirst().orElseThrow().retryAt();
    }

    @Test
    void everyNodeStartsUnknownAtCreation() {
        assertThat(tracker.snapshot()).extracting(NodeHealth::state).containsOnly(NodeState.UNKNOWN);
        assertThat(tracker.snapshot()).extracting(NodeHealth::lastChange).containsOnly(clock.instant());
    }

    @Test
    void aStateChangeIsReportedOnceWithTheTimeOfTheChange() {
        clock.advanceMillis(250);
        Optional<NodeHealthEvent> event = tracker.report(A, NodeState.UP, Duration.ofMillis(3));
        assertThat(event).isPresent();
        assertThat(event.get().previous().state()).isEqualTo(NodeState.UNKNOWN);
        assertThat(event.get().current().roundTripTime()).contains(Duration.ofMillis(3));
        assertThat(event.get().current().lastChange()).isEqualTo(clock.instant());

        clock.advanceMillis(1_000);
        assertThat(tracker.report(A, NodeState.UP, Duration.ofMillis(5))).isEmpty();
        assertThat(tracker.health(A).lastChange()).isEqualTo(clock.instant().minusMillis(1_000));
        assertThat(tracker.health(A).roundTripTime()).contains(Duration.ofMillis(5));
    }

    @Test
    void consecutiveFailuresBackOffExponentiallyUpToTheMax() {
        tracker.failed(A, NodeState.DOWN);
        assertThat(retryAt(A)).isEqualTo(clock.instant().plusMillis(100));
        tracker.failed(A, NodeState.DOWN);
        assertThat(retryAt(A)).isEqualTo(clock.instant().plusMillis(200));
        tracker.failed(A, NodeState.DOWN);
        tracker.failed(A, NodeState.DOWN);
        tracker.failed(A, NodeState.DOWN);
        assertThat(retryAt(A)).isEqualTo(clock.instant().plusMillis(1_000));
        assertThat(retryAt(B)).isNull();
    }

    @Test
    void aNodeSeenUpAgainMayBeTriedAtOnce() {
        tracker.failed(A, NodeState.DOWN);
        tracker.failed(A, NodeState.DOWN);
        tracker.report(A, NodeState.UP, Duration.ofMillis(2));
        assertThat(retryAt(A)).isNull();
    }

    @Test
    void aConnectionThatLastedLongerThanTheMaxBackoffResetsTheFailureCount() {
        for (int i = 0; i < 4; i++) {
            tracker.failed(A, NodeState.DOWN);
        }
        tracker.connected(A, Duration.ofMillis(2));
        clock.advance(Duration.ofSeconds(1));
        tracker.failed(A, NodeState.DOWN);
        assertThat(retryAt(A)).isEqualTo(clock.instant().plusMillis(100));
    }

    @Test
    void aConnectionThatDiedYoungKeepsTheBackoffGrowing() {
        tracker.failed(A, NodeState.DOWN);
        tracker.connected(A, Duration.ofMillis(2));
        clock.advanceMillis(10);
        tracker.failed(A, NodeState.DOWN);
        assertThat(retryAt(A)).isEqualTo(clock.instant().plusMillis(200));
    }

    @Test
    void aRefusedNodeWaitsTheAuthenticationRetryIntervalSpreadByTheJitterWhateverItsFailures() {
        tracker.failed(A, NodeState.DOWN);
        Optional<NodeHealthEvent> event = tracker.failed(A, NodeState.REFUSED);

        assertThat(event).hasValueSatisfying(e -> assertThat(e.current().state()).isEqualTo(NodeState.REFUSED));
        // A sample of 0.5 with a jitter of 0.5 spreads the 30 s by a quarter, always later, never earlier.
        assertThat(retryAt(A)).isEqualTo(clock.instant().plusMillis(37_500));
        assertThat(tracker.refusing(A)).isTrue();
        clock.advanceMillis(37_500);
        assertThat(tracker.refusing(A)).isFalse();
        tracker.failed(A, NodeState.DOWN);
        assertThat(retryAt(A)).as("the refusal did not count as a backoff failure")
                .isEqualTo(clock.instant().plusMillis(200));
    }

    @Test
    void aProbeThatFindsARefusedNodeAcceptingAgainEndsItsWait() {
        tracker.refused(A);
        tracker.report(A, NodeState.UP, Duration.ofMillis(2));
        assertThat(tracker.refusing(A)).isFalse();
        assertThat(retryAt(A)).isNull();
    }

    @Test
    void upForNeedsTheWholePeriodAndNoBackoff() {
        tracker.report(A, NodeState.UP, Duration.ofMillis(1));
        clock.advance(Duration.ofSeconds(4));
        assertThat(tracker.upFor(A, Duration.ofSeconds(5))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tracker.upFor(A, Duration.ofSeconds(5))).isTrue();
        assertThat(tracker.upFor(B, Duration.ZERO)).isFalse();
    }
}
