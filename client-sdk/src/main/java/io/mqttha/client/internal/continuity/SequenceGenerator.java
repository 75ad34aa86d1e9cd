package io.mqttha.client.internal.continuity;

import io.mqttha.client.internal.continuity.SequenceNumbers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers the messages of each (this origin, topic) stream: {@link SequenceNumbers#FIRST}, then one more per
 * message, wrapping to 0 after {@link SequenceNumbers#MAX}. One generator lives as long as one incarnation.
 * Thread-safe.
 */
public final class SequenceGenerator {

    private final long first;
    private final Map<String, Long> last = new HashMap<>();

    /** Creates a generator whose streams start at {@link SequenceNumbers#FIRST}. */
    public SequenceGenerator() {
        this(SequenceNumbers.FIRST);
    }

    /**
     * Creates a generator whose streams start elsewhere, so that tests reach the wrap point.
     *
     * @param first the sequence number of each stream's first message
     */
    SequenceGenerator(long first) {
        if (!SequenceNumbers.isValid(first)) {
            throw new IllegalArgumentException("Not a sequence number: " + first);
        }
        this.first = first;
    }

    /**
     * Takes the next sequence number of a topic's stream.
     *
     * @param topic the topic
     * @return its sequence number
     */
    public synchronized long next(String topic) {
        Long previous = last.get(topic);
        long sequence = previous == null ? first : SequenceNumbers.next(previous);
        last.put(topic, sequence);
        return sequence;
    }

    /**
     * Returns the last sequence number taken on every stream, for announcements.
     *
     * @return a copy, by topic, in no particular order
     */
    public synchronized Map<String, Long> lastSequences() {
        return new LinkedHashMap<>(last);
    }
}
