package io.mqttha.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The client is connected to a node with every subscription restored and buffered publishes sent.
 *
 * @param node the node now in use
 * @param time when the connection became ready
 */
public record ConnectedEvent(BrokerAddress node, Instant time) {

    /** Checks that no component is null. */
    public ConnectedEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(time, "time");
    }
}
