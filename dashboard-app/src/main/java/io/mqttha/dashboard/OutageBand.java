package io.mqttha.dashboard;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A time a node was down or hung, drawn as a band behind the charts.
 *
 * @param node   the node's name
 * @param status {@link NodeStatus#DOWN} or {@link NodeStatus#HUNG}
 * @param from   when it went out
 * @param to     when it came back, empty while it is still out
 */
public record OutageBand(String node, NodeStatus status, Instant from, Optional<Instant> to) {

    /** Checks for nulls. */
    public OutageBand {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
