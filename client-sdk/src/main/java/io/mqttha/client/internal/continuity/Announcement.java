package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An origin's periodic statement of the latest sequence number it sent on each of its streams, so that
 * subscribers find losses at the end of a stream, where no later message reveals the gap.
 *
 * @param origin        the client id of the origin
 * @param incarnation   its incarnation
 * @param lastSequences the latest sequence number sent, by topic, in insertion order
 */
public record Announcement(String origin, Incarnation incarnation, Map<String, Long> lastSequences) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the origin is empty or a sequence number is invalid
     */
    public Announcement {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(incarnation, "incarnation");
        if (origin.isEmpty()) {
            throw new IllegalArgumentException("origin must not be empty");
        }
        LinkedHashMap<String, Long> copy = new LinkedHashMap<>(lastSequences);
        copy.forEach((topic, sequence) -> {
            Objects.requireNonNull(topic, "topic");
            if (sequence == null || !SequenceNumbers.isValid(sequence)) {
                throw new IllegalArgumentException("Not a sequence number for '" + topic + "': " + sequence);
            }
        });
        lastSequences = Collections.unmodifiableMap(copy);
    }
}
