package io.mqttha.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The offline buffer was full when a publish arrived.
 *
 * @param outcome          what happened to the message concerned
 * @param topic            the topic of that message
 * @param bufferedMessages messages held after the event
 * @param bufferedBytes    bytes held after the event
 * @param time             when it happened
 */
public record BufferOverflowEvent(Outcome outcome, String topic, int bufferedMessages, long bufferedBytes,
        Instant time) {

    /** Checks that no component is null. */
    public BufferOverflowEvent {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(time, "time");
    }

    /** What the overflow did. */
    public enum Outcome {
        /** A QoS 0 message was dropped (its future failed with {@link MessageDroppedException}). */
        QOS0_DROPPED,
        /** A QoS 1/2 publish was refused with {@link BufferFullException}. */
        REJECTED
    }
}
