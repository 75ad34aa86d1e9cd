package io.mqttha.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one node's health.
 *
 * @param node          the node
 * @param state         the latest verdict from a health probe or a connection attempt
 * @param roundTripTime the latest time to open a connection up to its CONNACK, if the node has ever answered
 * @param lastChange    when {@code state} last changed (the client's start for {@link NodeState#UNKNOWN})
 */
public record NodeHealth(BrokerAddress node, NodeState state, Optional<Duration> roundTripTime, Instant lastChange) {

    /** Checks that no component is null. */
    public NodeHealth {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(roundTripTime, "roundTripTime");
        Objects.requireNonNull(lastChange, "lastChange");
    }
}
