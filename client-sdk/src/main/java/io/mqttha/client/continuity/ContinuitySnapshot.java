package io.mqttha.client.continuity;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The continuity counters of every tracked stream, and those not tied to a stream, at one moment.
 *
 * @param streams             one entry per tracked stream, ordered by origin then topic
 * @param invalidByReason     invalid messages and control messages by reason, every reason present
 * @param untracked           messages without continuity metadata
 * @param staleRetainedDropped stale copies of retained values dropped
 * @param evictedStreams      streams forgotten to stay within the configured maximum number of streams
 * @param latencyP50Millis    median latency of live deliveries over all streams ({@link
 *                            StreamStats#latencyP50Millis()}), or -1 without samples
 * @param latencyP99Millis    99th percentile latency of live deliveries over all streams, or -1 without samples
 * @param time                when the snapshot was taken
 */
public record ContinuitySnapshot(List<StreamStats> streams, Map<InvalidReason, Long> invalidByReason,
        long untracked, long staleRetainedDropped, long evictedStreams, long latencyP50Millis,
        long latencyP99Millis, Instant time) {

    /** Copies the collections. */
    public ContinuitySnapshot {
        streams = List.copyOf(streams);
        EnumMap<InvalidReason, Long> complete = new EnumMap<>(InvalidReason.class);
        for (InvalidReason reason : InvalidReason.values()) {
            complete.put(reason, invalidByReason.getOrDefault(reason, 0L));
        }
        invalidByReason = Map.copyOf(complete);
        Objects.requireNonNull(time, "time");
    }

    /**
     * Returns the counters of one stream.
     *
     * @param stream the stream
     * @return its counters, or null if it is not tracked
     */
    public StreamStats stream(StreamKey stream) {
        return streams.stream().filter(s -> s.stream().equals(stream)).findFirst().orElse(null);
    }

    /**
     * Sums delivered over all streams.
     *
     * @return distinct tracked messages delivered
     */
    public long delivered() {
        return sum(StreamStats::delivered);
    }

    /**
     * Sums lost over all streams.
     *
     * @return sequence numbers missing now
     */
    public long lost() {
        return sum(StreamStats::lost);
    }

    /**
     * Sums duplicates over all streams.
     *
     * @return copies of messages already delivered
     */
    public long duplicates() {
        return sum(StreamStats::duplicates);
    }

    /**
     * Sums reordered over all streams.
     *
     * @return messages that filled a gap unasked
     */
    public long reordered() {
        return sum(StreamStats::reordered);
    }

    /**
     * Sums repaired over all streams.
     *
     * @return messages that filled a requested gap
     */
    public long repaired() {
        return sum(StreamStats::repaired);
    }

    /**
     * Sums every invalid reason.
     *
     * @return invalid messages and control messages
     */
    public long invalid() {
        return invalidByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    private long sum(ToLongFunction<StreamStats> counter) {
        return streams.stream().mapToLong(counter).sum();
    }
}
