package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.StreamKey;

import java.util.List;
import java.util.Objects;

/**
 * An origin's answer that it no longer holds some requested messages, so the subscriber stops asking and
 * counts them as lost.
 *
 * @param stream      the (origin, topic) stream
 * @param incarnation the incarnation named in the request
 * @param missing     the runs of sequence numbers that cannot be re-sent; not empty
 */
public record RepairUnavailable(StreamKey stream, Incarnation incarnation, List<SequenceRange> missing) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code missing} is empty
     */
    public RepairUnavailable {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(incarnation, "incarnation");
        missing = List.copyOf(missing);
        if (missing.isEmpty()) {
            throw new IllegalArgumentException("missing must not be empty");
        }
    }
}
