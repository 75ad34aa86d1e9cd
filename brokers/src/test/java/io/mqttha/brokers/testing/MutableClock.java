package io.mqttha.brokers.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test says so, so that timing rules are checked without sleeping. */
public final class MutableClock extends Clock {

    /** Where a clock created without a time starts. */
    public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

    private volatile Instant now;

    /** A clock at {@link #DEFAULT_START}. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code epochMillis}. */
    public MutableClock(long epochMillis) {
        this(Instant.ofEpochMilli(epochMillis));
    }

    /** A clock at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forwards by {@code duration}. */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Moves the clock forwards by {@code millis} milliseconds. */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
