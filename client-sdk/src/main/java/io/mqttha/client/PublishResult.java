package io.mqttha.client;

import java.util.Objects;

/**
 * How a publish completed.
 *
 * @param node     the node that acknowledged it (for QoS 0: the node it was written to)
 * @param attempts how many times it was sent; above 1 when it was re-sent after a failover
 */
public record PublishResult(BrokerAddress node, int attempts) {

    /** Checks the components. */
    public PublishResult {
        Objects.requireNonNull(node, "node");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, not " + attempts);
        }
    }
}
