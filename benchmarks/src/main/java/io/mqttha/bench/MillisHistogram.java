package io.mqttha.bench;

/**
 * Latencies in whole milliseconds, counted in one-millisecond buckets, so that a ten-minute soak with
 * hundreds of thousands of deliveries keeps a fixed, small footprint. Thread-safe.
 */
final class MillisHistogram {

    /** Latencies at or above this land in the last bucket; the exact maximum is still kept. */
    private static final int BUCKETS = 120_000;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    /** Records one latency; a negative one (clock step) counts as zero. */
    synchronized void record(long millis) {
        long clamped = Math.max(0, millis);
        counts[(int) Math.min(clamped, BUCKETS - 1)]++;
        total++;
        max = Math.max(max, clamped);
    }

    /** Adds every latency {@code other} recorded. */
    void addAll(MillisHistogram other) {
        long[] theirs;
        long theirTotal;
        long theirMax;
        synchronized (other) {
            theirs = other.counts.clone();
            theirTotal = other.total;
            theirMax = other.max;
        }
        synchronized (this) {
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                counts[bucket] += theirs[bucket];
            }
            total += theirTotal;
            max = Math.max(max, theirMax);
        }
    }

    /** Nearest-rank p50 and p99 and the maximum, in the form the reports print. */
    synchronized Percentiles percentiles() {
        if (total == 0) {
            return Percentiles.of(java.util.List.of());
        }
        return new Percentiles((int) Math.min(Integer.MAX_VALUE, total), rank(0.50), rank(0.99), max);
    }

    private double rank(double quantile) {
        long wanted = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts[bucket];
            if (seen >= wanted) {
                return bucket == BUCKETS - 1 ? max : bucket;
            }
        }
        return max;
    }
}
