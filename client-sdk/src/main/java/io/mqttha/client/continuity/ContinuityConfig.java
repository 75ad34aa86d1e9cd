package io.mqttha.client.continuity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Limits and timings of message continuity, in four validated parts: {@link Tracking} (subscriber side),
 * {@link Repair} (asking for gaps), {@link Replay} (what an origin keeps and announces) and {@link Retained}.
 * Immutable; create with {@link #builder()} or {@link #defaults()}, change a copy with {@link #toBuilder()};
 * {@link Builder#build()} reports every problem at once.
 */
public final class ContinuityConfig {

    /**
     * Default number of sequence numbers per stream remembered for duplicate detection (1 KiB of bits). A copy
     * further behind than this, outside any known gap, is counted as {@link InvalidReason#SEQUENCE_BACKWARDS}.
     */
    public static final int DEFAULT_WINDOW_SIZE = 8192;

    /** Default maximum number of streams tracked; the least recently active is forgotten beyond it. */
    public static final int DEFAULT_MAX_STREAMS = 10_000;

    /**
     * Default largest forward jump counted as a gap; a larger one is {@link InvalidReason#ENORMOUS_GAP}, since a
     * corrupt sequence number would otherwise report a flood of losses.
     */
    public static final int DEFAULT_MAX_GAP = 100_000;

    /** Default maximum number of separate gaps remembered per incarnation of a stream; the oldest give way. */
    public static final int DEFAULT_MAX_GAP_RANGES = 1024;

    /** By default duplicates are dropped before the application. */
    public static final boolean DEFAULT_DROP_DUPLICATES = true;

    /** By default gaps are repaired by asking the origin to re-send. */
    public static final boolean DEFAULT_REPAIR_ENABLED = true;

    /**
     * Default wait between finding a gap and first asking for it: none, so that a gap is asked for as soon as the
     * next message of its stream shows it (within the client's repair poll of 100 ms). A message that was only late,
     * not lost, then arrives twice, and the second copy is dropped as a duplicate: a repair's traffic is the price
     * of never waiting a fixed second for a message that is gone.
     */
    public static final Duration DEFAULT_REPAIR_DELAY = Duration.ZERO;

    /** Default wait after the first repair request before the next; it doubles after each attempt. */
    public static final Duration DEFAULT_REPAIR_RETRY_INTERVAL = Duration.ofSeconds(2);

    /** Default number of repair requests per gap before it is given up as lost. */
    public static final int DEFAULT_MAX_REPAIR_ATTEMPTS = 3;

    /**
     * Default wait before an announced sequence number that has not arrived counts as lost at the end of a
     * stream; announcements travel on another topic and may overtake the messages they announce.
     */
    public static final Duration DEFAULT_TAIL_GRACE = Duration.ofSeconds(2);

    /** Default maximum number of retained topics whose newest version is remembered. */
    public static final int DEFAULT_MAX_RETAINED_TOPICS = 100_000;

    /** Default number of sent messages an origin keeps for re-sending. */
    public static final int DEFAULT_REPLAY_MAX_MESSAGES = 10_000;

    /** Default age after which an origin no longer keeps a sent message for re-sending. */
    public static final Duration DEFAULT_REPLAY_MAX_AGE = Duration.ofSeconds(60);

    /**
     * Default interval between an origin's announcements of the latest sequence numbers of the streams it
     * published on lately.
     */
    public static final Duration DEFAULT_ANNOUNCE_INTERVAL = Duration.ofSeconds(5);

    private static final int MAX_WINDOW_SIZE = 1 << 20;

    /** The builder's values, frozen: a private copy no caller can reach. */
    private final Builder values;

    private ContinuityConfig(Builder values) {
        this.values = values;
    }

    /**
     * Starts a builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /**
     * Returns the configuration with every default.
     *
     * @return the defaults
     */
    public static ContinuityConfig defaults() {
        return builder().build();
    }

    /**
     * Starts a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the duplicate-detection window per stream.
     *
     * @return sequence numbers remembered
     * @see #DEFAULT_WINDOW_SIZE
     */
    public int windowSize() {
        return values.windowSize;
    }

    /**
     * Returns the maximum number of streams tracked.
     *
     * @return the limit
     * @see #DEFAULT_MAX_STREAMS
     */
    public int maxStreams() {
        return values.maxStreams;
    }

    /**
     * Returns the largest forward jump counted as a gap.
     *
     * @return the limit in sequence numbers
     * @see #DEFAULT_MAX_GAP
     */
    public int maxGap() {
        return values.maxGap;
    }

    /**
     * Returns the maximum number of separate gaps per incarnation of a stream.
     *
     * @return the limit
     * @see #DEFAULT_MAX_GAP_RANGES
     */
    public int maxGapRanges() {
        return values.maxGapRanges;
    }

    /**
     * Tells whether duplicates are dropped before the application.
     *
     * @return true to drop them
     * @see #DEFAULT_DROP_DUPLICATES
     */
    public boolean dropDuplicates() {
        return values.dropDuplicates;
    }

    /**
     * Tells whether gaps are repaired by asking the origin; when off, gaps stay counted as lost.
     *
     * @return true to repair
     * @see #DEFAULT_REPAIR_ENABLED
     */
    public boolean repairEnabled() {
        return values.repairEnabled;
    }

    /**
     * Returns the wait before the first repair request for a gap.
     *
     * @return the delay
     * @see #DEFAULT_REPAIR_DELAY
     */
    public Duration repairDelay() {
        return values.repairDelay;
    }

    /**
     * Returns the wait after the first repair request; it doubles after each further one.
     *
     * @return the interval
     * @see #DEFAULT_REPAIR_RETRY_INTERVAL
     */
    public Duration repairRetryInterval() {
        return values.repairRetryInterval;
    }

    /**
     * Returns how many repair requests a gap gets before it is given up as lost.
     *
     * @return the number of attempts
     * @see #DEFAULT_MAX_REPAIR_ATTEMPTS
     */
    public int maxRepairAttempts() {
        return values.maxRepairAttempts;
    }

    /**
     * Returns how long an announced but missing tail waits before it counts as lost.
     *
     * @return the grace period
     * @see #DEFAULT_TAIL_GRACE
     */
    public Duration tailGrace() {
        return values.tailGrace;
    }

    /**
     * Returns the maximum number of retained topics whose newest version is remembered.
     *
     * @return the limit
     * @see #DEFAULT_MAX_RETAINED_TOPICS
     */
    public int maxRetainedTopics() {
        return values.maxRetainedTopics;
    }

    /**
     * Returns how many sent messages an origin keeps for re-sending.
     *
     * @return the limit
     * @see #DEFAULT_REPLAY_MAX_MESSAGES
     */
    public int replayMaxMessages() {
        return values.replayMaxMessages;
    }

    /**
     * Returns how long an origin keeps a sent message for re-sending.
     *
     * @return the age limit
     * @see #DEFAULT_REPLAY_MAX_AGE
     */
    public Duration replayMaxAge() {
        return values.replayMaxAge;
    }

    /**
     * Returns the interval between an origin's announcements.
     *
     * @return the interval
     * @see #DEFAULT_ANNOUNCE_INTERVAL
     */
    public Duration announceInterval() {
        return values.announceInterval;
    }

    /**
     * How a subscriber tracks streams.
     *
     * @param windowSize     sequence numbers per stream remembered for duplicate detection, a multiple of 64
     *                       from 64 to 1,048,576
     * @param maxStreams     streams tracked at most; the least recently active is forgotten beyond it
     * @param maxGap         largest forward jump counted as a gap, 1 to 2^30
     * @param maxGapRanges   separate gaps remembered per incarnation of a stream, at least 1
     * @param dropDuplicates whether duplicates are dropped before the application
     */
    public record Tracking(int windowSize, int maxStreams, int maxGap, int maxGapRanges, boolean dropDuplicates) {

        /**
         * Validates the part.
         *
         * @throws IllegalArgumentException listing every problem
         */
        public Tracking {
            throwIfAny(problems(windowSize, maxStreams, maxGap, maxGapRanges));
        }

        static List<String> problems(int windowSize, int maxStreams, int maxGap, int maxGapRanges) {
            List<String> problems = new ArrayList<>();
            require(problems, windowSize >= 64 && windowSize <= MAX_WINDOW_SIZE && windowSize % 64 == 0,
                    "windowSize must be a multiple of 64 from 64 to " + MAX_WINDOW_SIZE + ": " + windowSize);
            require(problems, maxStreams >= 1, "maxStreams must be at least 1: " + maxStreams);
            require(problems, maxGap >= 1 && maxGap <= 1 << 30, "maxGap must be from 1 to 2^30: " + maxGap);
            require(problems, maxGapRanges >= 1, "maxGapRanges must be at least 1: " + maxGapRanges);
            return problems;
        }
    }

    /**
     * How a subscriber asks origins to re-send a gap.
     *
     * @param enabled       whether gaps are asked for at all
     * @param delay         wait between seeing a gap and the first request, zero or positive
     * @param retryInterval wait after the first request before the next, positive; it doubles after each
     * @param maxAttempts   requests per gap before it is given up as lost, 1 to 16
     * @param tailGrace     wait before an announced sequence number that has not arrived counts as lost, zero or
     *                      positive
     */
    public record Repair(boolean enabled, Duration delay, Duration retryInterval, int maxAttempts, Duration tailGrace) {

        /**
         * Validates the part.
         *
         * @throws IllegalArgumentException listing every problem
         */
        public Repair {
            throwIfAny(problems(delay, retryInterval, maxAttempts, tailGrace));
        }

        static List<String> problems(Duration delay, Duration retryInterval, int maxAttempts, Duration tailGrace) {
            List<String> problems = new ArrayList<>();
            require(problems, delay != null && !delay.isNegative(), "repairDelay must not be negative: " + delay);
            require(problems, isPositive(retryInterval), "repairRetryInterval must be positive: " + retryInterval);
            require(problems, maxAttempts >= 1 && maxAttempts <= 16,
                    "maxRepairAttempts must be from 1 to 16: " + maxAttempts);
            require(problems, tailGrace != null && !tailGrace.isNegative(),
                    "tailGrace must not be negative: " + tailGrace);
            return problems;
        }
    }

    /**
     * What an origin keeps to answer repair requests, and how often it announces its latest sequence numbers.
     *
     * @param maxMessages      sent messages kept for re-sending, zero or more
     * @param maxAge           age after which a sent message is no longer kept, positive
     * @param announceInterval time between two rounds of announcements, positive
     */
    public record Replay(int maxMessages, Duration maxAge, Duration announceInterval) {

        /**
         * Validates the part.
         *
         * @throws IllegalArgumentException listing every problem
         */
        public Replay {
            throwIfAny(problems(maxMessages, maxAge, announceInterval));
        }

        static List<String> problems(int maxMessages, Duration maxAge, Duration announceInterval) {
            List<String> problems = new ArrayList<>();
            require(problems, maxMessages >= 0, "replayMaxMessages must not be negative: " + maxMessages);
            require(problems, isPositive(maxAge), "replayMaxAge must be positive: " + maxAge);
            require(problems, isPositive(announceInterval), "announceInterval must be positive: " + announceInterval);
            return problems;
        }
    }

    /**
     * How retained state converges.
     *
     * @param maxTopics retained topics whose newest version is remembered, at least 1
     */
    public record Retained(int maxTopics) {

        /**
         * Validates the part.
         *
         * @throws IllegalArgumentException if the bound is below 1
         */
        public Retained {
            throwIfAny(problems(maxTopics));
        }

        static List<String> problems(int maxTopics) {
            List<String> problems = new ArrayList<>();
            require(problems, maxTopics >= 1, "maxRetainedTopics must be at least 1: " + maxTopics);
            return problems;
        }
    }

    /**
     * Returns how streams are tracked.
     *
     * @return the tracking part
     */
    public Tracking tracking() {
        return new Tracking(values.windowSize, values.maxStreams, values.maxGap, values.maxGapRanges,
                values.dropDuplicates);
    }

    /**
     * Returns how gaps are repaired.
     *
     * @return the repair part
     */
    public Repair repair() {
        return new Repair(values.repairEnabled, values.repairDelay, values.repairRetryInterval,
                values.maxRepairAttempts, values.tailGrace);
    }

    /**
     * Returns what an origin keeps for re-sending and how often it announces.
     *
     * @return the replay part
     */
    public Replay replay() {
        return new Replay(values.replayMaxMessages, values.replayMaxAge, values.announceInterval);
    }

    /**
     * Returns how retained state converges.
     *
     * @return the retained part
     */
    public Retained retained() {
        return new Retained(values.maxRetainedTopics);
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid continuity configuration: " + String.join("; ", problems));
        }
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(List<String> problems, boolean condition, String message) {
        if (!condition) {
            problems.add(message);
        }
    }

    /** Builds a {@link ContinuityConfig}; not thread-safe. */
    public static final class Builder {
        private int windowSize = DEFAULT_WINDOW_SIZE;
        private int maxStreams = DEFAULT_MAX_STREAMS;
        private int maxGap = DEFAULT_MAX_GAP;
        private int maxGapRanges = DEFAULT_MAX_GAP_RANGES;
        private boolean dropDuplicates = DEFAULT_DROP_DUPLICATES;
        private boolean repairEnabled = DEFAULT_REPAIR_ENABLED;
        private Duration repairDelay = DEFAULT_REPAIR_DELAY;
        private Duration repairRetryInterval = DEFAULT_REPAIR_RETRY_INTERVAL;
        private int maxRepairAttempts = DEFAULT_MAX_REPAIR_ATTEMPTS;
        private Duration tailGrace = DEFAULT_TAIL_GRACE;
        private int maxRetainedTopics = DEFAULT_MAX_RETAINED_TOPICS;
        private int replayMaxMessages = DEFAULT_REPLAY_MAX_MESSAGES;
        private Duration replayMaxAge = DEFAULT_REPLAY_MAX_AGE;
        private Duration announceInterval = DEFAULT_ANNOUNCE_INTERVAL;

        private Builder() {
        }

        private Builder(Builder other) {
            windowSize = other.windowSize;
            maxStreams = other.maxStreams;
            maxGap = other.maxGap;
            maxGapRanges = other.maxGapRanges;
            dropDuplicates = other.dropDuplicates;
            repairEnabled = other.repairEnabled;
            repairDelay = other.repairDelay;
            repairRetryInterval = other.repairRetryInterval;
            maxRepairAttempts = other.maxRepairAttempts;
            tailGrace = other.tailGrace;
            maxRetainedTopics = other.maxRetainedTopics;
            replayMaxMessages = other.replayMaxMessages;
            replayMaxAge = other.replayMaxAge;
            announceInterval = other.announceInterval;
        }

        /**
         * Sets the duplicate-detection window per stream.
         *
         * @param windowSize a multiple of 64 from 64 to 1,048,576
         * @return this builder
         */
        public Builder windowSize(int windowSize) {
            this.windowSize = windowSize;
            return this;
        }

        /**
         * Sets the maximum number of streams tracked.
         *
         * @param maxStreams at least 1
         * @return this builder
         */
        public Builder maxStreams(int maxStreams) {
            this.maxStreams = maxStreams;
            return this;
        }

        /**
         * Sets the largest forward jump counted as a gap.
         *
         * @param maxGap from 1 to 2^30
         * @return this builder
         */
        public Builder maxGap(int maxGap) {
            this.maxGap = maxGap;
            return this;
        }

        /**
         * Sets the maximum number of separate gaps per incarnation of a stream.
         *
         * @param maxGapRanges at least 1
         * @return this builder
         */
        public Builder maxGapRanges(int maxGapRanges) {
            this.maxGapRanges = maxGapRanges;
            return this;
        }

        /**
         * Sets whether duplicates are dropped before the application.
         *
         * @param dropDuplicates true to drop them
         * @return this builder
         */
        public Builder dropDuplicates(boolean dropDuplicates) {
            this.dropDuplicates = dropDuplicates;
            return this;
        }

        /**
         * Sets whether gaps are repaired.
         *
         * @param repairEnabled true to ask origins to re-send
         * @return this builder
         */
        public Builder repairEnabled(boolean repairEnabled) {
            this.repairEnabled = repairEnabled;
            return this;
        }

        /**
         * Sets the wait before the first repair request for a gap.
         *
         * @param repairDelay zero or positive
         * @return this builder
         */
        public Builder repairDelay(Duration repairDelay) {
            this.repairDelay = Objects.requireNonNull(repairDelay, "repairDelay");
            return this;
        }

        /**
         * Sets the wait after the first repair request; it doubles after each further one.
         *
         * @param repairRetryInterval positive
         * @return this builder
         */
        public Builder repairRetryInterval(Duration repairRetryInterval) {
            this.repairRetryInterval = Objects.requireNonNull(repairRetryInterval, "repairRetryInterval");
            return this;
        }

        /**
         * Sets how many repair requests a gap gets.
         *
         * @param maxRepairAttempts from 1 to 16
         * @return this builder
         */
        public Builder maxRepairAttempts(int maxRepairAttempts) {
            this.maxRepairAttempts = maxRepairAttempts;
            return this;
        }

        /**
         * Sets how long an announced but missing tail waits before it counts as lost.
         *
         * @param tailGrace zero or positive
         * @return this builder
         */
        public Builder tailGrace(Duration tailGrace) {
            this.tailGrace = Objects.requireNonNull(tailGrace, "tailGrace");
            return this;
        }

        /**
         * Sets the maximum number of retained topics remembered.
         *
         * @param maxRetainedTopics at least 1
         * @return this builder
         */
        public Builder maxRetainedTopics(int maxRetainedTopics) {
            this.maxRetainedTopics = maxRetainedTopics;
            return this;
        }

        /**
         * Sets how many sent messages an origin keeps for re-sending.
         *
         * @param replayMaxMessages zero (no re-sending) or more
         * @return this builder
         */
        public Builder replayMaxMessages(int replayMaxMessages) {
            this.replayMaxMessages = replayMaxMessages;
            return this;
        }

        /**
         * Sets how long an origin keeps a sent message for re-sending.
         *
         * @param replayMaxAge positive
         * @return this builder
         */
        public Builder replayMaxAge(Duration replayMaxAge) {
            this.replayMaxAge = Objects.requireNonNull(replayMaxAge, "replayMaxAge");
            return this;
        }

        /**
         * Sets the interval between an origin's announcements.
         *
         * @param announceInterval positive
         * @return this builder
         */
        public Builder announceInterval(Duration announceInterval) {
            this.announceInterval = Objects.requireNonNull(announceInterval, "announceInterval");
            return this;
        }

        /**
         * Sets the whole tracking part.
         *
         * @param tracking window, limits and duplicate handling
         * @return this builder
         */
        public Builder tracking(Tracking tracking) {
            return windowSize(tracking.windowSize()).maxStreams(tracking.maxStreams()).maxGap(tracking.maxGap())
                    .maxGapRanges(tracking.maxGapRanges()).dropDuplicates(tracking.dropDuplicates());
        }

        /**
         * Sets the whole repair part.
         *
         * @param repair whether and when gaps are asked for
         * @return this builder
         */
        public Builder repair(Repair repair) {
            return repairEnabled(repair.enabled()).repairDelay(repair.delay())
                    .repairRetryInterval(repair.retryInterval()).maxRepairAttempts(repair.maxAttempts())
                    .tailGrace(repair.tailGrace());
        }

        /**
         * Sets the whole replay part.
         *
         * @param replay what an origin keeps and how often it announces
         * @return this builder
         */
        public Builder replay(Replay replay) {
            return replayMaxMessages(replay.maxMessages()).replayMaxAge(replay.maxAge())
                    .announceInterval(replay.announceInterval());
        }

        /**
         * Sets the whole retained part.
         *
         * @param retained the retained-state bound
         * @return this builder
         */
        public Builder retained(Retained retained) {
            return maxRetainedTopics(retained.maxTopics());
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException listing every value out of its documented range
         */
        public ContinuityConfig build() {
            List<String> problems = new ArrayList<>();
            problems.addAll(Tracking.problems(windowSize, maxStreams, maxGap, maxGapRanges));
            problems.addAll(Repair.problems(repairDelay, repairRetryInterval, maxRepairAttempts, tailGrace));
            problems.addAll(Replay.problems(replayMaxMessages, replayMaxAge, announceInterval));
            problems.addAll(Retained.problems(maxRetainedTopics));
            throwIfAny(problems);
            return new ContinuityConfig(new Builder(this));
        }
    }
}
