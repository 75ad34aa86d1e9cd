package io.mqttha.client.internal.continuity;

/**
 * A log-linear histogram of latencies in milliseconds: exact below 32 ms, then 16 buckets per power of two,
 * so a percentile is at most 1/16 above the true value. Fixed memory (448 counters, allocated on first use)
 * whatever the number of samples, which matters with thousands of streams. Values above 2<sup>31</sup> - 1 ms
 * count as that; negative values, from a sender's clock running ahead, count as 0. Not thread-safe.
 */
final class LatencyHistogram {

    private static final int EXACT_BELOW = 32;
    private static final int EXACT_BITS = 5;
    private static final int SUB_BUCKET_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final long MAX_VALUE = Integer.MAX_VALUE;
    private static final int BUCKETS = EXACT_BELOW + (31 - EXACT_BITS) * SUB_BUCKETS;

    private int[] counts;
    private long total;
    private long maxRecorded;

    void record(long millis) {
        long value = Math.max(0, Math.min(MAX_VALUE, millis));
        if (counts == null) {
            counts = new int[BUCKETS];
        }
        counts[index(value)]++;
        total++;
        maxRecorded = Math.max(maxRecorded, value);
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
        if (sum.counts == null) {
            sum.counts = new int[BUCKETS];
        }
        for (int i = 0; i < BUCKETS; i++) {
            sum.counts[i] += counts[i];
        }
        sum.total += total;
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
