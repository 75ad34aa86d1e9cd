package io.mqttha.bench;

import java.util.BitSet;

/**
 * What an application received of one numbered stream (numbers start at 1): each number once, again, or
 * after a higher one. This is the truth a benchmark holds the SDK's own counters against.
 */
final class StreamTally {

    private final BitSet seen = new BitSet();
    private long distinct;
    private long duplicates;
    private long reordered;
    private long highest;

    /**
     * Counts one delivery.
     *
     * @return whether it was the first delivery of {@code number}
     */
    synchronized boolean accept(long number) {
        int index = Math.toIntExact(number);
        if (seen.get(index)) {
            duplicates++;
            return false;
        }
        seen.set(index);
        distinct++;
        if (number < highest) {
            reordered++;
        } else {
            highest = number;
        }
        return true;
    }

    /** Distinct numbers received. */
    synchronized long distinct() {
        return distinct;
    }

    /** Deliveries of a number received before. */
    synchronized long duplicates() {
        return duplicates;
    }

    /** First deliveries of a number lower than one delivered before it. */
    synchronized long reordered() {
        return reordered;
    }

    /** How many of the numbers 1..{@code sent} never arrived. */
    synchronized long missingOf(long sent) {
        return sent - seen.get(1, Math.toIntExact(sent) + 1).cardinality();
    }
}
