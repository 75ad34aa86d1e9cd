package io.mqttha.client.internal.continuity;

import java.util.Arrays;

/**
 * A log-linear histogram of latencies in milliseconds: exact below 32 ms, then 16 buckets per power of two,
 * so a percentile is at most 1/16 above the true value. Fixed memory whatever the number of samples, which
 * matters with thousands of streams: the bucket of each of the first {@value #SPARSE_SAMPLES} samples (a retained
 * topic rarely has more), then 448 counters. Values above 2<sup>31</sup> - 1 ms
 * count as that; negative values, from a sender's clock running ahead, count as 0. Not thread-safe.
 */
final class LatencyHistogram {

    private static final int EXACT_BELOW = 32;
    private static final int EXACT_BITS = 5;
    private static final int SUB_BUCKET_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final long MAX_VALUE = Integer.MAX_VALUE;
    private static final int BUCKETS = EXACT_BELOW + (31 - EXACT_BITS) * SUB_BUCKETS;

    private static final int SPARSE_SAMPLES = 8;

    /** The bucket of each sample while there are at most {@link #SPARSE_SAMPLES}; null once counted densely. */
    private short[] sparse;
    private int[] counts;
    private long total;
    private long maxRecorded;

    void record(long millis) {
        long value = Math.max(0, Math.min(MAX_VALUE, millis));
        addToBucket(index(value));
        maxRecorded = Math.max(maxRecorded, value);
    }

    private void addToBucket(int bucket) {
        if (counts == null) {
            if (total < SPARSE_SAMPLES) {
                if (sparse == null) {
                    sparse = new short[SPARSE_SAMPLES];
                }
                sparse[(int) total++] = (short) bucket;
                return;
            }
            densify();
        }
        counts[bucket]++;
        total++;
    }

    private void densify() {
        counts = new int[BUCKETS];
        for (int i = 0; i < total; i++) {
            counts[sparse[i]]++;
        }
        sparse = null;
    }

    long count() {
        return total;
    }

    /**
     * Returns the nearest-rank percentile, reported as the highest value of its bucket but never above the
     * largest value recorded.
     *
     * @param percent from 0 (exclusive) to 100
     * @return the latency in milliseconds, or -1 without samples
     */
    long percentile(double percent) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        if (counts == null) {
            short[] sorted = Arrays.copyOf(sparse, (int) total);
            Arrays.sort(sorted);
            return Math.min(highestInBucket(sorted[(int) rank - 1]), maxRecorded);
        }
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestInBucket(i), maxRecorded);
            }
        }
        return maxRecorded;
    }

    void addTo(LatencyHistogram sum) {
        if (total == 0) {
            return;
        }
        if (counts == null) {
            for (int i = 0; i < total; i++) {
                sum.addToBucket(sparse[i]);
            }
        } else {
            if (sum.counts == null) {
                sum.densify();
            }
            for (int i = 0; i < BUCKETS; i++) {
                sum.counts[i] += counts[i];
            }
            sum.total += total;
        }
        sum.maxRecorded = Math.max(sum.maxRecorded, maxRecorded);
    }

    private static int index(long value) {
        if (value < EXACT_BELOW) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int subBucket = (int) (value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return EXACT_BELOW + (exponent - EXACT_BITS) * SUB_BUCKETS + subBucket;
    }

    private static long highestInBucket(int index) {
        if (index < EXACT_BELOW) {
            return index;
        }
        int exponent = (index - EXACT_BELOW) / SUB_BUCKETS + EXACT_BITS;
        int subBucket = (index - EXACT_BELOW) % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BUCKET_BITS);
        return (SUB_BUCKETS + subBucket) * width + width - 1;
    }
}
