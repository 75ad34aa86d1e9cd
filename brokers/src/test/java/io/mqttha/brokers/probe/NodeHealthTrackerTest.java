package io.mqttha.brokers.probe;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NodeHealthTrackerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ClusterDescription cluster = ClusterDescription.standard();
    private final NodeSpec node3 = cluster.node("node-3");

    private void advance(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void everyNodeStartsUnknown() {
        NodeHealthTracker tracker = new NodeHealthTracker(cluster, clock);
        assertThat(tracker.snapshot()).hasSize(9).allSatisfy(h -> assertThat(h.state()).isEqualTo(NodeState.UNKNOWN));
    }

    @Test
    void sinceMovesOnlyWhenTheStateChanges() {
        NodeHealthTracker tracker = new NodeHealthTracker(cluster, clock);
        advance(Duration.ofSeconds(1));
        assertThat(tracker.record(node3, new MqttProbe.Result(NodeState.UP, Duration.ofMillis(2), "connected")))
                .hasValueSatisfying(h -> assertThat(h.since()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z")));

        advance(Duration.ofSeconds(5));
        assertThat(tracker.record(node3, new MqttProbe.Result(NodeState.UP, Duration.ofMillis(3), "connected"))).isEmpty();
        assertThat(tracker.get("node-3").since()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(tracker.get("node-3").roundTrip()).isEqualTo(Duration.ofMillis(3));

        advance(Duration.ofSeconds(2));
        assertThat(tracker.record(node3, new MqttProbe.Result(NodeState.HUNG, Duration.ZERO, "silent")))
                .hasValueSatisfying(h -> {
                    assertThat(h.state()).isEqualTo(NodeState.HUNG);
                    assertThat(h.since()).isEqualTo(Instant.parse("2026-01-01T00:00:08Z"));
                });
    }

    @Test
    void restoredHealthKeepsItsTimeOfLastChange() {
        NodeHealthTracker tracker = new NodeHealthTracker(cluster, clock);
        Instant earlier = Instant.parse("2025-12-31T23:00:00Z");
        tracker.restore(new NodeHealth(node3, NodeState.DOWN, earlier, Duration.ZERO, "connection refused"));
        assertThat(tracker.record(node3, new MqttProbe.Result(NodeState.DOWN, Duration.ZERO, "connection refused"))).isEmpty();
        assertThat(tracker.get("node-3").since()).isEqualTo(earlier);
    }
}
