package io.mqttha.client.internal.continuity;

/**
 * A run of consecutive sequence numbers, possibly wrapping past {@link SequenceNumbers#MAX}.
 *
 * @param first the first sequence number
 * @param count how many, from 1 to 2<sup>31</sup>
 */
public record SequenceRange(long first, long count) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code first} is not a sequence number or {@code count} is out of range
     */
    public SequenceRange {
        if (!SequenceNumbers.isValid(first)) {
            throw new IllegalArgumentException("Not a sequence number: " + first);
        }
        if (count < 1 || count > SequenceNumbers.HALF_RANGE) {
            throw new IllegalArgumentException("count must be from 1 to 2^31: " + count);
        }
    }

    /**
     * Returns the last sequence number of the run.
     *
     * @return {@code first + count - 1}, modulo 2<sup>32</sup>
     */
    public long last() {
        return SequenceNumbers.add(first, count - 1);
    }

    /**
     * Tells whether the run includes a sequence number.
     *
     * @param sequence a valid sequence number
     * @return true if it is one of the run
     */
    public boolean contains(long sequence) {
        return ((sequence - first) & SequenceNumbers.MAX) < count;
    }
}
