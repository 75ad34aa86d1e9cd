package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;

import java.util.Objects;
import java.util.Optional;

/**
 * The version of a retained value: the incarnation and sequence number of the message that set it.
 *
 * <p>On the wire it is {@code <incarnation>:<sequence>}, in the {@link ContinuityHeaders#VERSION} property.
 * A version from a newer incarnation is newer whatever its sequence number, so values written after a
 * restart win over values from the run before. Within one incarnation the sequence numbers decide, with
 * {@linkplain SequenceNumbers modular} comparison. When two origins write the same retained topic, the one
 * whose process started later wins, even against a later write by the other: a retained topic is meant to
 * have one writer at a time.
 *
 * @param incarnation the incarnation of the origin that wrote the value
 * @param sequence    the sequence number of that message in its (origin, topic) stream
 */
public record RetainedVersion(Incarnation incarnation, long sequence) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code sequence} is not a valid sequence number
     */
    public RetainedVersion {
        Objects.requireNonNull(incarnation, "incarnation");
        if (!SequenceNumbers.isValid(sequence)) {
            throw new IllegalArgumentException("Not a sequence number: " + sequence);
        }
    }

    /**
     * Parses the wire form.
     *
     * @param text the property value
     * @return the version, or empty if {@code text} is not in the wire form
     */
    public static Optional<RetainedVersion> parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        long sequence = ContinuityHeaders.parseUnsigned(text.substring(colon + 1));
        if (!SequenceNumbers.isValid(sequence)) {
            return Optional.empty();
        }
        return Incarnation.parse(text.substring(0, colon)).map(incarnation -> new RetainedVersion(incarnation,
                sequence));
    }

    /**
     * Tells whether this version supersedes another.
     *
     * @param other the version to compare with
     * @return true if this one is newer
     */
    public boolean isNewerThan(RetainedVersion other) {
        int byIncarnation = incarnation.compareTo(other.incarnation);
        if (byIncarnation != 0) {
            return byIncarnation > 0;
        }
        return SequenceNumbers.distance(other.sequence, sequence) > 0;
    }

    /** Returns the wire form. */
    @Override
    public String toString() {
        return incarnation + ":" + sequence;
    }
}
