package io.mqttha.client.continuity;

import java.util.Objects;

/**
 * The continuity counters of one stream at one moment.
 *
 * <p>{@code delivered + lost} is the number of messages the origin published on the stream since the tracker
 * first saw it, as far as the tracker can tell; duplicates and invalid messages are counted apart.
 *
 * @param stream           the (origin, topic) stream
 * @param incarnation      the newest incarnation of the origin seen on the stream
 * @param lastSequence     the highest sequence number known in that incarnation, received or announced
 * @param delivered        distinct tracked messages handed to the application: in order, reordered, repaired
 *                         and late
 * @param lost             sequence numbers missing now: gaps not yet filled, including those whose repair
 *                         failed or timed out, which stay counted until a copy actually arrives
 * @param duplicates       copies of messages already delivered, whether dropped or not
 * @param reordered        messages that filled a gap before its repair was requested
 * @param repaired         messages that filled a gap after its repair was requested
 * @param late             messages from an incarnation older than the ones tracked, delivered unchecked
 * @param restarts         times a newer incarnation replaced the tracked one
 * @param invalid          messages of this stream whose sequence was unusable ({@link InvalidReason#ENORMOUS_GAP},
 *                         {@link InvalidReason#SEQUENCE_BACKWARDS})
 * @param latencyP50Millis median end-to-end latency (receive time minus sent-at) of live deliveries: in order,
 *                         reordered or late, never by repair, never a copy from a broker's retained store (whose
 *                         sent-at gives its age); -1 without samples
 * @param latencyP99Millis 99th percentile end-to-end latency of live deliveries, or -1 without samples
 * @param latencySamples   how many live latencies were recorded
 * @param repairLatencyP50Millis median end-to-end latency of deliveries by repair, which includes the time until
 *                         the gap showed and the repair delay; -1 without samples
 * @param repairLatencyP99Millis 99th percentile end-to-end latency of deliveries by repair, or -1 without samples
 * @param repairLatencySamples how many latencies of deliveries by repair were recorded
 */
public record StreamStats(StreamKey stream, Incarnation incarnation, long lastSequence, long delivered, long lost,
        long duplicates, long reordered, long repaired, long late, long restarts, long invalid,
        long latencyP50Millis, long latencyP99Millis, long latencySamples, long repairLatencyP50Millis,
        long repairLatencyP99Millis, long repairLatencySamples) {

    /** Checks for nulls. */
    public StreamStats {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(incarnation, "incarnation");
    }
}
