package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.StreamKey;

import java.util.Objects;

/**
 * The continuity metadata one message carries.
 *
 * @param origin       the client id of the publisher; not empty
 * @param incarnation  the publisher's incarnation
 * @param sequence     the message's number in its (origin, topic) stream
 * @param sentAtMillis when the publisher sent it, in epoch milliseconds
 * @param retained     whether it was published as a retained value and so carries a {@link RetainedVersion}
 */
public record ContinuityMetadata(String origin, Incarnation incarnation, long sequence, long sentAtMillis,
        boolean retained) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the origin is empty, the sequence invalid or the time negative
     */
    public ContinuityMetadata {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(incarnation, "incarnation");
        if (origin.isEmpty()) {
            throw new IllegalArgumentException("origin must not be empty");
        }
        if (!SequenceNumbers.isValid(sequence)) {
            throw new IllegalArgumentException("Not a sequence number: " + sequence);
        }
        if (sentAtMillis < 0) {
            throw new IllegalArgumentException("sentAtMillis must not be negative: " + sentAtMillis);
        }
    }

    /**
     * Returns the version this message gives its topic's retained value.
     *
     * @return the incarnation and sequence as a version
     */
    public RetainedVersion version() {
        return new RetainedVersion(incarnation, sequence);
    }

    /**
     * Returns the stream this message belongs to.
     *
     * @param topic the topic it was published on
     * @return the (origin, topic) key
     */
    public StreamKey stream(String topic) {
        return new StreamKey(origin, topic);
    }
}
