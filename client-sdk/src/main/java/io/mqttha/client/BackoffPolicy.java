package io.mqttha.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How long a node that failed is left alone before the client tries it again, kept separately for every
 * node. Moving to another node never waits: the delay only applies to retrying the same node.
 *
 * <p>After the n-th consecutive failure of a node the delay is {@code initial * multiplier^(n-1)}, capped at
 * {@code max}, then spread by {@code ±jitter} (a fraction) so that many clients do not retry in lockstep.
 *
 * @param initial    delay after the first failure, positive
 * @param max        upper bound of the delay, at least {@code initial}
 * @param multiplier growth per failure, at least 1
 * @param jitter     random spread as a fraction of the delay, 0 to 1
 */
public record BackoffPolicy(Duration initial, Duration max, double multiplier, double jitter) {

    /** Delay after a node's first failure: short, because a restarted broker is usually back within a second. */
    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(200);
    /** Longest delay between two attempts on one node. */
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(10);
    /** Growth of the delay per consecutive failure. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Spread of ±20 % around each delay. */
    public static final double DEFAULT_JITTER = 0.2;
    /** The policy made of the {@code DEFAULT_*} constants. */
    public static final BackoffPolicy DEFAULT = new BackoffPolicy(DEFAULT_INITIAL, DEFAULT_MAX, DEFAULT_MULTIPLIER,
            DEFAULT_JITTER);

    /**
     * Validates the policy.
     *
     * @throws IllegalArgumentException listing every offending component
     */
    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        List<String> problems = new ArrayList<>();
        if (initial.isNegative() || initial.isZero()) {
            problems.add("backoff initial delay must be positive, not " + initial);
        }
        if (max.compareTo(initial) < 0) {
            problems.add("backoff max " + max + " must not be below initial " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            problems.add("backoff multiplier must be a finite number >= 1, not " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            problems.add("backoff jitter must be within 0..1, not " + jitter);
        }
        ConfigProblems.throwIfAny("backoff policy", problems);
    }

    /**
     * The delay before the next attempt on a node.
     *
     * @param consecutiveFailures failures of the node since it last worked, at least 1
     * @param random              a uniform sample in [0, 1) that places the delay within the jitter band
     * @return the delay, never above {@link #max()}
     */
    public Duration delayAfter(int consecutiveFailures, double random) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be >= 1, not " + consecutiveFailures);
        }
        double base = initial.toNanos() * Math.pow(multiplier, consecutiveFailures - 1.0);
        double capped = Math.min(base, max.toNanos());
        double spread = capped * (1.0 + jitter * (2.0 * random - 1.0));
        return Duration.ofNanos((long) Math.min(spread, max.toNanos()));
    }
}
