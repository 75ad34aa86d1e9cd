package io.mqttha.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The client moved from one node to another and is ready there.
 *
 * @param from     the node it left
 * @param to       the node it is on now
 * @param duration from noticing the loss (or starting a failback) until the new connection was ready
 * @param failback true for a planned move back to the preferred node, false after a failure
 * @param time     when the move completed
 */
public record FailoverEvent(BrokerAddress from, BrokerAddress to, Duration duration, boolean failback, Instant time) {

    /** Checks that no component is null. */
    public FailoverEvent {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(time, "time");
    }
}
