package io.mqttha.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand, so that timing rules are checked without sleeping. */
final class MutableClock extends Clock {

    private Instant now = Instant.parse("2030-01-01T00:00:00Z");

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    void advanceMillis(long millis) {
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
