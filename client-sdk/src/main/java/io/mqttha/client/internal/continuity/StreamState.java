package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.internal.continuity.ContinuityDecision;
import io.mqttha.client.internal.continuity.ContinuityMetadata;
import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.InvalidReason;
import io.mqttha.client.internal.continuity.RepairRequest;
import io.mqttha.client.internal.continuity.SequenceNumbers;
import io.mqttha.client.internal.continuity.SequenceRange;
import io.mqttha.client.continuity.StreamKey;
import io.mqttha.client.continuity.StreamStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The tracking state of one (origin, topic) stream. Not thread-safe: {@link ContinuityTracker} synchronizes on
 * the instance.
 *
 * <p>Sequence numbers are unwrapped into 64-bit positions relative to the highest one seen, so gaps and the
 * window never deal with the 32-bit wrap. Two incarnations are kept: the current one and the one before, so a
 * message the previous process sent just before dying is still checked for duplication when it arrives after
 * the restart. Lost is {@code open + abandoned}: open gaps wait to be filled or repaired; abandoned ones
 * (repair refused or timed out, incarnation replaced, gap records over the limit) stay counted and are
 * subtracted only if a copy really arrives.
 */
final class StreamState {

    private final StreamKey key;
    private final ContinuityConfig config;
    private final AtomicLongArray invalidByReason;
    /** Messages delivered as they were published, in order or not: end-to-end latency. */
    private final LatencyHistogram liveLatency = new LatencyHistogram();
    /** Messages delivered by repair: their latency includes the time to notice the gap and the repair delay. */
    private final LatencyHistogram repairLatency = new LatencyHistogram();

    private Window current;
    private Window previous;
    private volatile long lastActivity;

    private long delivered;
    private long duplicates;
    private long reordered;
    private long repaired;
    private long late;
    private long restarts;
    private long invalid;
    private long open;
    private long abandoned;

    private boolean claimPending;
    private Incarnation claimIncarnation;
    private long claimSequence;
    private long claimAt;

    StreamState(StreamKey key, ContinuityConfig config, AtomicLongArray invalidByReason, long now) {
        this.key = key;
        this.config = config;
        this.invalidByReason = invalidByReason;
        this.lastActivity = now;
    }

    long lastActivity() {
        return lastActivity;
    }

    /**
     * Tracks one message.
     *
     * @param storedCopy whether the broker delivered it from its retained store: its sent-at then gives its age,
     *                   not a latency, so it adds no latency sample
     */
    ContinuityDecision accept(ContinuityMetadata message, long now, boolean storedCopy) {
        lastActivity = now;
        ContinuityDecision decision = route(message, now);
        if (!storedCopy) {
            recordLatency(decision, now - message.sentAtMillis());
        }
        return decision;
    }

    private ContinuityDecision route(ContinuityMetadata message, long now) {
        if (current == null) {
            current = new Window(message.incarnation(), message.sequence() - 1, message.sequence(),
                    config.windowSize());
            return classify(current, message, now);
        }
        int order = message.incarnation().compareTo(current.incarnation);
        if (order > 0) {
            restart(message.incarnation());
            return classify(current, message, now);
        }
        if (order == 0) {
            return classify(current, message, now);
        }
        if (previous != null && previous.incarnation.equals(message.incarnation())) {
            return classify(previous, message, now);
        }
        late++;
        return delivered(ContinuityDecision.DELIVER_LATE);
    }

    /** Remembers an announced sequence number; it becomes a tail gap if still missing after the grace period. */
    void claim(Incarnation incarnation, long sequence, long now) {
        if (current == null) {
            return;
        }
        int order = incarnation.compareTo(current.incarnation);
        boolean ahead = order > 0 || order == 0 && SequenceNumbers.distance(current.highest & SequenceNumbers.MAX,
                sequence) > 0;
        // One pending claim at a time: replacing it would restart its grace period on every announcement.
        if (ahead && !claimPending) {
            claimPending = true;
            claimIncarnation = incarnation;
            claimSequence = sequence;
            claimAt = now;
        }
    }

    void maintain(long now) {
        if (current == null || !claimPending || now < claimAt + config.tailGrace().toMillis()) {
            return;
        }
        claimPending = false;
        int order = claimIncarnation.compareTo(current.incarnation);
        if (order < 0) {
            return;
        }
        if (order > 0) {
            restart(claimIncarnation);
        }
        long position = current.position(claimSequence);
        long ahead = position - current.highest;
        if (ahead <= 0) {
            return;
        }
        if (ahead > config.maxGap()) {
            countInvalid(InvalidReason.ENORMOUS_GAP);
            return;
        }
        addGap(current, current.highest + 1, position, claimAt);
        current.advance(position);
    }

    void collectRepairRequests(String requester, long now, List<RepairRequest> requests) {
        // Called for every stream ten times a second: most have no gap, and copying an empty map for each of
        // 10,000 retained topics was half of a subscriber's CPU samples while it received them.
        if (current == null || current.gaps.isEmpty()) {
            return;
        }
        long delay = config.repairDelay().toMillis();
        long retry = config.repairRetryInterval().toMillis();
        for (Gap gap : new ArrayList<>(current.gaps.values())) {
            if (gap.state == GapState.ABANDONED) {
                continue;
            }
            long due = gap.attempts == 0 ? gap.detectedAt + delay : gap.lastRequestAt + (retry << (gap.attempts - 1));
            if (now < due) {
                continue;
            }
            if (gap.attempts >= config.maxRepairAttempts()) {
                abandon(gap);
                continue;
            }
            gap.attempts++;
            gap.lastRequestAt = now;
            gap.state = GapState.REQUESTED;
            requests.add(new RepairRequest(requester, key, current.incarnation,
                    new SequenceRange(gap.from & SequenceNumbers.MAX, gap.size())));
        }
    }

    void abandon(Incarnation incarnation, SequenceRange range) {
        if (current == null) {
            return;
        }
        Window window = current.incarnation.equals(incarnation) ? current
                : previous != null && previous.incarnation.equals(incarnation) ? previous : null;
        if (window == null) {
            return;
        }
        long start = window.position(range.first());
        long end = start + range.count() - 1;
        Map.Entry<Long, Gap> floor = window.gaps.floorEntry(start);
        long from = floor != null && floor.getValue().to >= start ? floor.getKey() : start;
        for (Gap gap : new ArrayList<>(window.gaps.subMap(from, true, end, true).values())) {
            if (gap.state == GapState.ABANDONED) {
                continue;
            }
            long overlapFrom = Math.max(gap.from, start);
            long overlapTo = Math.min(gap.to, end);
            window.gaps.remove(gap.from);
            if (gap.from < overlapFrom) {
                window.gaps.put(gap.from, gap.copy(gap.from, overlapFrom - 1));
            }
            if (overlapTo < gap.to) {
                window.gaps.put(overlapTo + 1, gap.copy(overlapTo + 1, gap.to));
            }
            Gap given = gap.copy(overlapFrom, overlapTo);
            window.gaps.put(overlapFrom, given);
            abandon(given);
        }
    }

    /** Returns the counters, or null before the first message has been accepted. */
    StreamStats stats() {
        if (current == null) {
            return null;
        }
        return new StreamStats(key, current.incarnation, current.highest & SequenceNumbers.MAX, delivered,
                open + abandoned, duplicates, reordered, repaired, late, restarts, invalid,
                liveLatency.percentile(50), liveLatency.percentile(99), liveLatency.count(),
                repairLatency.percentile(50), repairLatency.percentile(99), repairLatency.count());
    }

    void addLiveLatencyTo(LatencyHistogram sum) {
        liveLatency.addTo(sum);
    }

    private void recordLatency(ContinuityDecision decision, long millis) {
        switch (decision) {
            case DELIVER, DELIVER_REORDERED, DELIVER_LATE -> liveLatency.record(millis);
            case DELIVER_REPAIRED -> repairLatency.record(millis);
            default -> {
                // Duplicates and invalid messages were not delivered as new: no latency of theirs means anything.
            }
        }
    }

    private ContinuityDecision classify(Window window, ContinuityMetadata message, long now) {
        long position = window.position(message.sequence());
        long ahead = position - window.highest;
        if (ahead > 0) {
            if (ahead > config.maxGap()) {
                // Two consecutive messages agreeing on the new position mean the stream really moved on (for
                // instance after a long disconnection); one alone is more likely a corrupt number.
                if (window.suspectPending && position == window.suspectPosition + 1) {
                    window.rebaseline(position);
                    return delivered(ContinuityDecision.DELIVER);
                }
                window.suspectPending = true;
                window.suspectPosition = position;
                return countInvalid(InvalidReason.ENORMOUS_GAP);
            }
            window.suspectPending = false;
            if (ahead > 1) {
                addGap(window, window.highest + 1, position - 1, now);
            }
            window.advance(position);
            window.mark(position);
            return delivered(ContinuityDecision.DELIVER);
        }
        Gap gap = window.gapContaining(position);
        if (gap != null) {
            GapState state = fill(window, gap, position);
            if (state == GapState.REQUESTED) {
                repaired++;
                return delivered(ContinuityDecision.DELIVER_REPAIRED);
            }
            reordered++;
            return delivered(ContinuityDecision.DELIVER_REORDERED);
        }
        if (window.inWindow(position)) {
            if (window.isMarked(position)) {
                duplicates++;
                return config.dropDuplicates() ? ContinuityDecision.DROP_DUPLICATE
                        : ContinuityDecision.DELIVER_DUPLICATE;
            }
            window.mark(position);
            // Unmarked, not in a gap and not before the stream's start: its gap record was dropped over the limit.
            if (position >= window.baseline && abandoned > 0) {
                abandoned--;
            }
            reordered++;
            return delivered(ContinuityDecision.DELIVER_REORDERED);
        }
        return countInvalid(InvalidReason.SEQUENCE_BACKWARDS);
    }

    private ContinuityDecision delivered(ContinuityDecision decision) {
        delivered++;
        return decision;
    }

    private ContinuityDecision countInvalid(InvalidReason reason) {
        invalid++;
        invalidByReason.incrementAndGet(reason.ordinal());
        return ContinuityDecision.DELIVER_INVALID;
    }

    private void restart(Incarnation incarnation) {
        // The new process has a new replay buffer, so the old gaps can no longer be repaired.
        for (Gap gap : current.gaps.values()) {
            if (gap.state != GapState.ABANDONED) {
                abandon(gap);
            }
        }
        previous = current;
        current = new Window(incarnation, SequenceNumbers.FIRST - 1, SequenceNumbers.FIRST, config.windowSize());
        restarts++;
    }

    private void addGap(Window window, long from, long to, long now) {
        window.gaps.put(from, new Gap(from, to, now));
        open += to - from + 1;
        while (window.gaps.size() > config.maxGapRanges()) {
            Gap oldest = window.gaps.pollFirstEntry().getValue();
            if (oldest.state != GapState.ABANDONED) {
                open -= oldest.size();
                abandoned += oldest.size();
            }
        }
    }

    private GapState fill(Window window, Gap gap, long position) {
        window.gaps.remove(gap.from);
        if (gap.from < position) {
            window.gaps.put(gap.from, gap.copy(gap.from, position - 1));
        }
        if (position < gap.to) {
            window.gaps.put(position + 1, gap.copy(position + 1, gap.to));
        }
        if (gap.state == GapState.ABANDONED) {
            abandoned--;
        } else {
            open--;
        }
        if (window.inWindow(position)) {
            window.mark(position);
        }
        return gap.state;
    }

    private void abandon(Gap gap) {
        gap.state = GapState.ABANDONED;
        open -= gap.size();
        abandoned += gap.size();
    }

    private enum GapState {
        OPEN, REQUESTED, ABANDONED
    }

    /** A run of missing positions and the state of its repair. */
    private static final class Gap {
        final long from;
        final long to;
        final long detectedAt;
        GapState state = GapState.OPEN;
        int attempts;
        long lastRequestAt;

        Gap(long from, long to, long detectedAt) {
            this.from = from;
            this.to = to;
            this.detectedAt = detectedAt;
        }

        long size() {
            return to - from + 1;
        }

        Gap copy(long newFrom, long newTo) {
            Gap part = new Gap(newFrom, newTo, detectedAt);
            part.state = state;
            part.attempts = attempts;
            part.lastRequestAt = lastRequestAt;
            return part;
        }
    }

    /** What is known about one incarnation of the stream. */
    /**
     * The positions received lately. A stream delivered in order from its first message, the common case and
     * every retained topic's, needs no bitmap: every position from the baseline up is received. The bitmap
     * ({@code size} bits, 1 KiB by default) is made on the first gap or the first message before the baseline,
     * so that 100,000 quiet streams do not cost 100 MiB.
     */
    private static final class Window {
        final Incarnation incarnation;
        final TreeMap<Long, Gap> gaps = new TreeMap<>();
        private final int size;
        /** Null while every position from the baseline to the highest is received. */
        private long[] received;
        long highest;
        long baseline;
        boolean suspectPending;
        long suspectPosition;

        Window(Incarnation incarnation, long highest, long baseline, int size) {
            this.incarnation = incarnation;
            this.highest = highest;
            this.baseline = baseline;
            this.size = size;
        }

        long position(long sequence) {
            return highest + SequenceNumbers.distance(highest & SequenceNumbers.MAX, sequence);
        }

        boolean inWindow(long position) {
            return position <= highest && position > highest - size;
        }

        boolean isMarked(long position) {
            if (received == null) {
                return position >= baseline && position <= highest;
            }
            int slot = slot(position);
            return (received[slot >>> 6] & (1L << slot)) != 0;
        }

        void mark(long position) {
            if (received == null) {
                if (position >= baseline && position <= highest) {
                    return;
                }
                materialize();
            }
            int slot = slot(position);
            received[slot >>> 6] |= 1L << slot;
        }

        /** Moves the top of the window up, forgetting the slots that now stand for new positions. */
        void advance(long position) {
            if (received == null) {
                if (position == highest + 1) {
                    highest = position;
                    return;
                }
                materialize();
            }
            if (position - highest >= size) {
                Arrays.fill(received, 0);
            } else {
                for (long p = highest + 1; p <= position; p++) {
                    int slot = slot(p);
                    received[slot >>> 6] &= ~(1L << slot);
                }
            }
            highest = position;
        }

        void rebaseline(long position) {
            received = null;
            highest = position;
            baseline = position;
            suspectPending = false;
        }

        Gap gapContaining(long position) {
            Map.Entry<Long, Gap> floor = gaps.floorEntry(position);
            return floor != null && floor.getValue().to >= position ? floor.getValue() : null;
        }

        /** Makes the bitmap, with every position from the baseline to the highest received. */
        private void materialize() {
            received = new long[size / Long.SIZE];
            for (long p = Math.max(baseline, highest - size + 1); p <= highest; p++) {
                int slot = slot(p);
                received[slot >>> 6] |= 1L << slot;
            }
        }

        private int slot(long position) {
            return (int) Math.floorMod(position, (long) size);
        }
    }
}
