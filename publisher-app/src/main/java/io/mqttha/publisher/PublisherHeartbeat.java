package io.mqttha.publisher;

import java.util.Map;
import java.util.Optional;

/**
 * What a publisher says on its heartbeat topic every heartbeat interval ({@link PublisherTopics#heartbeat}).
 *
 * @param publisher    the publisher's name
 * @param node         the broker address it is connected to, or null while it fails over
 * @param uptimeMillis time since it started
 * @param sent         telemetry messages sent, by {@code qos0}, {@code qos1}, {@code qos2}; null if not reported
 * @param acknowledged telemetry messages acknowledged, by the same keys; null if not reported
 * @param failovers    failovers of its client so far, or null if not reported
 */
public record PublisherHeartbeat(String publisher, String node, long uptimeMillis, Map<String, Long> sent,
        Map<String, Long> acknowledged, Long failovers) {

    /**
     * Returns the node it is connected to.
     *
     * @return the address as {@code host:port}, or empty
     */
    public Optional<String> connectedNode() {
        return Optional.ofNullable(node).filter(address -> !address.isEmpty());
    }

    /**
     * Returns every telemetry message sent, over the three QoS levels.
     *
     * @return the sum, or -1 if the heartbeat carries no counts
     */
    public long totalSent() {
        return sent == null ? -1 : sent.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Returns the failover count.
     *
     * @return the count, or -1 if not reported
     */
    public long failoverCount() {
        return failovers == null ? -1 : failovers;
    }
}
