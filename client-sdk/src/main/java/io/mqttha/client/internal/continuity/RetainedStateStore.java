package io.mqttha.client.internal.continuity;

import io.mqttha.client.internal.continuity.RetainedOffer;
import io.mqttha.client.internal.continuity.RetainedVersion;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The newest version seen of each retained topic, on the receiving side, so that a stale copy a broker hands
 * over after a failover or a node rejoining is recognized and dropped. A cleared topic (empty payload) is kept
 * as a versioned tombstone, so an older non-empty copy arriving after the clear is stale too.
 *
 * <p>Memory is bounded by a maximum number of topics. Beyond it, values on new topics are accepted without
 * being remembered (counted in {@link #overflowed()}) rather than forgetting a remembered topic, whose stale
 * copies would then slip through. Thread-safe.
 */
public final class RetainedStateStore {

    /**
     * The newest version held for a topic.
     *
     * @param version the version
     * @param cleared whether that version cleared the topic
     */
    public record Newest(RetainedVersion version, boolean cleared) {
    }

    private final int maxTopics;
    private final ConcurrentHashMap<String, Newest> newest = new ConcurrentHashMap<>();
    private final LongAdder overflowed = new LongAdder();

    /**
     * Creates an empty store.
     *
     * @param maxTopics the maximum number of topics remembered
     */
    public RetainedStateStore(int maxTopics) {
        if (maxTopics < 1) {
            throw new IllegalArgumentException("maxTopics must be at least 1: " + maxTopics);
        }
        this.maxTopics = maxTopics;
    }

    /**
     * Offers a received retained value.
     *
     * @param topic   its topic
     * @param version its version
     * @param cleared whether its payload is empty, clearing the topic
     * @return whether it is newer than, older than or the same as the newest seen
     */
    public RetainedOffer offer(String topic, RetainedVersion version, boolean cleared) {
        if (!newest.containsKey(topic) && newest.size() >= maxTopics) {
            overflowed.increment();
            return RetainedOffer.ACCEPT_NEWER;
        }
        RetainedOffer[] outcome = new RetainedOffer[1];
        newest.compute(topic, (t, held) -> {
            if (held == null || version.isNewerThan(held.version())) {
                outcome[0] = RetainedOffer.ACCEPT_NEWER;
                return new Newest(version, cleared);
            }
            outcome[0] = held.version().equals(version) ? RetainedOffer.SAME : RetainedOffer.IGNORE_STALE;
            return held;
        });
        return outcome[0];
    }

    /**
     * Returns the newest version held for a topic.
     *
     * @param topic the topic
     * @return the version and whether it cleared the topic, if any was seen
     */
    public Optional<Newest> newest(String topic) {
        return Optional.ofNullable(newest.get(topic));
    }

    /**
     * Returns how many topics are remembered.
     *
     * @return the number of topics
     */
    public int size() {
        return newest.size();
    }

    /**
     * Returns how many values were accepted unremembered because the store was full.
     *
     * @return the count
     */
    public long overflowed() {
        return overflowed.sum();
    }
}
