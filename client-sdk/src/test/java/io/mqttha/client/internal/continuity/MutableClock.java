package io.mqttha.client.internal.continuity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test says so. */
public final class MutableClock extends Clock {

    private Instant now;

    /**
     * Creates a clock.
     *
     * @param epochMillis the initial time
     */
    public MutableClock(long epochMillis) {
        this.now = Instant.ofEpochMilli(epochMillis);
    }

    /**
     * Moves the clock forwards.
     *
     * @param duration how far
     */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /**
     * Moves the clock forwards.
     *
     * @param millis how many milliseconds
     */
    public void advanceMillis(long millis) {
        now = now.plusMillis(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
