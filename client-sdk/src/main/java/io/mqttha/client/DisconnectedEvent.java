package io.mqttha.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The connection to a node was lost; a failover starts at once.
 *
 * @param node  the node that was in use
 * @param cause why: a {@link NodeHungException} for a node that stopped answering, otherwise a
 *              {@link ConnectionLostException} carrying the transport's reason
 * @param time  when the loss was noticed
 */
public record DisconnectedEvent(BrokerAddress node, HaMqttException cause, Instant time) {

    /** Checks that no component is null. */
    public DisconnectedEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(time, "time");
    }
}
