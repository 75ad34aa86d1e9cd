package io.mqttha.brokers.probe;

import io.mqttha.brokers.model.NodeSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What is known of one node's health.
 *
 * @param node      the node
 * @param state     its state as last probed
 * @param since     when it entered that state (the time of the last change)
 * @param roundTrip the last probe's CONNECT-to-CONNACK time; zero unless {@code UP}
 * @param detail    the last probe's reason, for example {@code connection refused}
 */
public record NodeHealth(NodeSpec node, NodeState state, Instant since, Duration roundTrip, String detail) {

    /** Validates the fields. */
    public NodeHealth {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(roundTrip, "roundTrip");
        Objects.requireNonNull(detail, "detail");
    }

    /** A node not probed yet. */
    public static NodeHealth unknown(NodeSpec node, Instant now) {
        return new NodeHealth(node, NodeState.UNKNOWN, now, Duration.ZERO, "not probed yet");
    }
}
