package io.mqttha.client.internal.continuity;

import io.mqttha.client.InboundMessage;
import io.mqttha.client.UserProperty;
import io.mqttha.client.internal.continuity.Announcement;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.internal.continuity.ContinuityDecision;
import io.mqttha.client.internal.continuity.ContinuityHeaders;
import io.mqttha.client.internal.continuity.ContinuityMetadata;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.internal.continuity.HeaderParseResult;
import io.mqttha.client.continuity.InvalidReason;
import io.mqttha.client.internal.continuity.RepairRequest;
import io.mqttha.client.internal.continuity.RepairUnavailable;
import io.mqttha.client.internal.continuity.RetainedOffer;
import io.mqttha.client.internal.continuity.SequenceRange;
import io.mqttha.client.continuity.StreamKey;
import io.mqttha.client.continuity.StreamStats;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The subscriber side of message continuity: decides for every received message whether the application gets
 * it, counts delivered, lost, duplicated, reordered and repaired messages and latency per (origin, topic)
 * stream, and says which gaps to ask origins to repair.
 *
 * <p>Policies:
 * <ul>
 * <li>A stream's first message sets its baseline; nothing before it counts as lost.</li>
 * <li>A newer incarnation is a restart, not a gap: the stream starts again at {@code SequenceNumbers.FIRST},
 * so only a new incarnation whose first messages are missing shows a gap. Open gaps of the old incarnation are
 * given up (its replay buffer died with it) and stay counted as lost.</li>
 * <li>Messages of the incarnation just replaced are still checked against its window; messages of any older
 * incarnation are delivered as {@link ContinuityDecision#DELIVER_LATE}, counted, since nothing is left to
 * check them against.</li>
 * <li>A jump ahead larger than {@link ContinuityConfig#maxGap()} is {@link InvalidReason#ENORMOUS_GAP}; if
 * the next message continues from the jump, the stream re-baselines there. A sequence number behind the
 * window and in no known gap is {@link InvalidReason#SEQUENCE_BACKWARDS}. Invalid messages are delivered.</li>
 * <li>Announced sequence numbers that have not arrived within {@link ContinuityConfig#tailGrace()} become a
 * gap at the end of the stream. Announcements for streams never seen are ignored: the subscriber may not be
 * subscribed to them.</li>
 * <li>Latency is kept apart for live deliveries and for deliveries by repair, whose latency includes noticing
 * the gap and asking for it; a copy from a broker's retained store adds none, since its sent-at gives its age.</li>
 * <li>A message carrying a {@linkplain io.mqttha.client.internal.continuity.RetainedVersion retained version} older
 * than the newest seen for its topic is dropped as stale before stream tracking.</li>
 * </ul>
 *
 * <p>Memory: per stream a window of {@link ContinuityConfig#windowSize()} bits, at most
 * {@link ContinuityConfig#maxGapRanges()} gap records per incarnation and two latency histograms (live and
 * repaired deliveries; a few bytes until a histogram has more than eight samples, 1.8 KB after); at most
 * {@link ContinuityConfig#maxStreams()} streams, the least recently active forgotten beyond that. Thread-safe:
 * streams are locked one at a time, so different streams are tracked in parallel.
 */
public final class ContinuityTracker {

    private final String requester;
    private final ContinuityConfig config;
    private final Clock clock;
    private final ConcurrentHashMap<StreamKey, StreamState> streams = new ConcurrentHashMap<>();
    private final RetainedStateStore retained;
    private final AtomicLongArray invalidByReason = new AtomicLongArray(InvalidReason.values().length);
    private final LongAdder untracked = new LongAdder();
    private final LongAdder staleRetainedDropped = new LongAdder();
    private final LongAdder evictedStreams = new LongAdder();

    /**
     * Creates a tracker with no streams.
     *
     * @param requester the client id of this subscriber, named in repair requests
     * @param config    limits and timings
     * @param clock     the wall clock, compared with the senders' sent-at for latency
     */
    public ContinuityTracker(String requester, ContinuityConfig config, Clock clock) {
        this.requester = Objects.requireNonNull(requester, "requester");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retained = new RetainedStateStore(config.maxRetainedTopics());
    }

    /**
     * Tracks one received message as delivered live, so that its latency is recorded. A message re-sent on the
     * replay topic is passed with its original topic ({@link ContinuityHeaders#replayedTopic}).
     *
     * @param topic       the topic it was published on
     * @param properties  its user properties
     * @param payloadSize its payload size; zero marks a cleared retained topic
     * @return what to do with it
     */
    public ContinuityDecision onMessage(String topic, List<UserProperty> properties, int payloadSize) {
        return decide(topic, ContinuityHeaders.parse(properties), payloadSize, false);
    }

    /**
     * Tracks one received message and returns what the application gets: the message with its continuity
     * metadata attached, or nothing if it is a duplicate or a stale retained copy. A copy the broker delivered from
     * its retained store ({@link InboundMessage#retain()}) is tracked like any other but adds no latency sample:
     * the time since it was sent is its age.
     *
     * @param message the message as received
     * @param topic   the topic it was published on: its own, or the original one of a replayed message
     * @return the message to deliver, on {@code topic}, or empty to drop it
     */
    public Optional<InboundMessage> accept(InboundMessage message, String topic) {
        HeaderParseResult parsed = ContinuityHeaders.parse(message.userProperties());
        ContinuityDecision decision = decide(topic, parsed, message.payloadSize(), message.retain());
        if (!decision.deliver()) {
            return Optional.empty();
        }
        InboundMessage delivered = topic.equals(message.topic()) ? message : message.onTopic(topic, false);
        if (parsed instanceof HeaderParseResult.Tracked tracked) {
            ContinuityMetadata metadata = tracked.metadata();
            delivered = delivered.withContinuity(metadata.origin(), metadata.sequence(),
                    Instant.ofEpochMilli(metadata.sentAtMillis()));
            if (decision == ContinuityDecision.DELIVER_REPAIRED) {
                delivered = delivered.asRepaired();
            }
        }
        return Optional.of(delivered);
    }

    private ContinuityDecision decide(String topic, HeaderParseResult parsed, int payloadSize, boolean storedCopy) {
        if (parsed instanceof HeaderParseResult.Tracked tracked) {
            return onTracked(topic, tracked.metadata(), payloadSize, storedCopy);
        }
        if (parsed instanceof HeaderParseResult.Invalid invalid) {
            countInvalid(invalid.reason());
            return ContinuityDecision.DELIVER_INVALID;
        }
        untracked.increment();
        return ContinuityDecision.DELIVER_UNTRACKED;
    }

    /**
     * Takes note of an origin's announcement of its latest sequence numbers.
     *
     * @param announcement the decoded announcement
     */
    public void onAnnouncement(Announcement announcement) {
        long now = clock.millis();
        announcement.lastSequences().forEach((topic, sequence) -> {
            StreamState stream = streams.get(new StreamKey(announcement.origin(), topic));
            if (stream != null) {
                synchronized (stream) {
                    stream.claim(announcement.incarnation(), sequence, now);
                }
            }
        });
    }

    /**
     * Gives up on messages an origin says it can no longer re-send; they stay counted as lost.
     *
     * @param unavailable the decoded answer
     */
    public void onRepairUnavailable(RepairUnavailable unavailable) {
        StreamState stream = streams.get(unavailable.stream());
        if (stream == null) {
            return;
        }
        synchronized (stream) {
            for (SequenceRange range : unavailable.missing()) {
                stream.abandon(unavailable.incarnation(), range);
            }
        }
    }

    /**
     * Counts an input that was rejected before reaching the tracker, such as a control message that did not
     * decode.
     *
     * @param reason the reason
     */
    public void countInvalid(InvalidReason reason) {
        invalidByReason.incrementAndGet(reason.ordinal());
    }

    /**
     * Returns the repair requests due now and marks them as sent; call it periodically (a few times a second)
     * and publish each one. A gap is first requested {@link ContinuityConfig#repairDelay()} after it was found,
     * again after {@link ContinuityConfig#repairRetryInterval()}, doubling, and given up as lost after
     * {@link ContinuityConfig#maxRepairAttempts()} unanswered requests. With repair disabled, this only turns
     * overdue announced tails into gaps and returns nothing.
     *
     * @return the requests to send, possibly empty
     */
    public List<RepairRequest> gapsToRequest() {
        long now = clock.millis();
        List<RepairRequest> requests = new ArrayList<>();
        for (StreamState stream : streams.values()) {
            synchronized (stream) {
                stream.maintain(now);
                if (config.repairEnabled()) {
                    stream.collectRepairRequests(requester, now, requests);
                }
            }
        }
        return requests;
    }

    /**
     * Returns the counters of every stream and the global ones.
     *
     * @return an immutable snapshot
     */
    public ContinuitySnapshot snapshot() {
        long now = clock.millis();
        List<StreamStats> stats = new ArrayList<>(streams.size());
        LatencyHistogram all = new LatencyHistogram();
        for (StreamState stream : streams.values()) {
            synchronized (stream) {
                stream.maintain(now);
                StreamStats one = stream.stats();
                if (one != null) {
                    stats.add(one);
                    stream.addLiveLatencyTo(all);
                }
            }
        }
        stats.sort(Comparator.comparing((StreamStats s) -> s.stream().origin()).thenComparing(s -> s.stream()
                .topic()));
        Map<InvalidReason, Long> invalid = new EnumMap<>(InvalidReason.class);
        for (InvalidReason reason : InvalidReason.values()) {
            invalid.put(reason, invalidByReason.get(reason.ordinal()));
        }
        return new ContinuitySnapshot(stats, invalid, untracked.sum(), staleRetainedDropped.sum(),
                evictedStreams.sum(), all.percentile(50), all.percentile(99), Instant.ofEpochMilli(now));
    }

    private ContinuityDecision onTracked(String topic, ContinuityMetadata metadata, int payloadSize,
            boolean storedCopy) {
        if (metadata.retained()
                && retained.offer(topic, metadata.version(), payloadSize == 0) == RetainedOffer.IGNORE_STALE) {
            staleRetainedDropped.increment();
            return ContinuityDecision.DROP_STALE_RETAINED;
        }
        long now = clock.millis();
        StreamState stream = stream(metadata.stream(topic), now);
        synchronized (stream) {
            return stream.accept(metadata, now, storedCopy);
        }
    }

    private StreamState stream(StreamKey key, long now) {
        StreamState stream = streams.get(key);
        if (stream != null) {
            return stream;
        }
        if (streams.size() >= config.maxStreams()) {
            evictLeastRecentlyActive();
        }
        return streams.computeIfAbsent(key, k -> new StreamState(k, config, invalidByReason, now));
    }

    /** A linear scan, but only when a new stream arrives at the limit, which is rare by design. */
    private void evictLeastRecentlyActive() {
        StreamKey oldest = null;
        long oldestActivity = Long.MAX_VALUE;
        for (Map.Entry<StreamKey, StreamState> entry : streams.entrySet()) {
            long activity = entry.getValue().lastActivity();
            if (activity < oldestActivity) {
                oldestActivity = activity;
                oldest = entry.getKey();
            }
        }
        if (oldest != null && streams.remove(oldest) != null) {
            evictedStreams.increment();
        }
    }
}
