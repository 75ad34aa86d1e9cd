package io.mqttha.client.internal.continuity;

import java.util.Arrays;

/**
 * What an MQTT 3.1.1 origin remembers of the values it wrote to one retained topic, to tell a broker's stale
 * copy from another writer's value without a version: a 64-bit fingerprint of its newest payload and of the
 * {@value #SUPERSEDED_KEPT} payloads before it. A stale copy older than those is taken for another writer's
 * value, and the origin stops re-publishing the topic; a partition during which one topic is written more
 * than {@value #SUPERSEDED_KEPT} times is what it takes. Immutable.
 *
 * @param current    the fingerprint of the newest payload
 * @param superseded the fingerprints of the payloads before it, newest first
 */
public record PayloadHistory(long current, long[] superseded) {

    /** Superseded payloads remembered per topic: 64 bytes a topic, and only for topics written twice. */
    public static final int SUPERSEDED_KEPT = 8;

    private static final long[] NONE = new long[0];
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Copies the array. */
    public PayloadHistory {
        superseded = superseded.clone();
    }

    /**
     * The history of a topic's first value.
     *
     * @param payload its payload
     * @return a history without superseded values
     */
    public static PayloadHistory first(byte[] payload) {
        return new PayloadHistory(fingerprint(payload), NONE);
    }

    /**
     * The history after the topic's next value; a previous history of null starts one.
     *
     * @param previous the history so far, or null
     * @param payload  the next value's payload
     * @return the new history
     */
    public static PayloadHistory next(PayloadHistory previous, byte[] payload) {
        return previous == null ? first(payload) : previous.supersededBy(fingerprint(payload));
    }

    /**
     * Returns the fingerprint of a payload (FNV-1a, 64 bits): equal payloads have equal fingerprints, and two of
     * the few values a topic held colliding is as likely as a 64-bit hash collision.
     *
     * @param payload the payload
     * @return its fingerprint
     */
    public static long fingerprint(byte[] payload) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : payload) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return hash;
    }

    /**
     * Whether a payload of this fingerprint was one of the topic's earlier values.
     *
     * @param fingerprint a copy's fingerprint
     * @return whether it is among the superseded ones
     */
    public boolean wroteBefore(long fingerprint) {
        for (long old : superseded) {
            if (old == fingerprint) {
                return true;
            }
        }
        return false;
    }

    private PayloadHistory supersededBy(long next) {
        if (next == current) {
            return this;
        }
        long[] older = new long[Math.min(SUPERSEDED_KEPT, superseded.length + 1)];
        older[0] = current;
        System.arraycopy(superseded, 0, older, 1, older.length - 1);
        return new PayloadHistory(next, older);
    }

    /** Compares the fingerprints. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PayloadHistory that && current == that.current && Arrays.equals(superseded, that.superseded);
    }

    /** Hashes the fingerprints. */
    @Override
    public int hashCode() {
        return Long.hashCode(current) * 31 + Arrays.hashCode(superseded);
    }

    /** Shows the fingerprints in hexadecimal. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("PayloadHistory[current=").append(Long.toHexString(current))
                .append(", superseded=[");
        for (int i = 0; i < superseded.length; i++) {
            text.append(i == 0 ? "" : ", ").append(Long.toHexString(superseded[i]));
        }
        return text.append("]]").toString();
    }
}
