package io.mqttha.client;

import java.util.Objects;

/**
 * A node's {@link NodeState} changed.
 *
 * @param previous the health before the change
 * @param current  the health after it
 */
public record NodeHealthEvent(NodeHealth previous, NodeHealth current) {

    /** Checks that no component is null. */
    public NodeHealthEvent {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }
}
