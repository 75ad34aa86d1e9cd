package io.mqttha.client.internal;

import io.mqttha.brokers.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HangDetectorTest {

    private final MutableClock clock = new MutableClock();
    private final HangDetector detector = new HangDetector(clock, Duration.ofSeconds(3));

    @Test
    void anIdleConnectionIsNeverHung() {
        clock.advance(Duration.ofMinutes(10));
        assertThat(detector.hungFor()).isEmpty();
    }

    @Test
    void aRequestUnansweredForTheTimeoutMeansHung() {
        detector.requestSent();
        clock.advanceMillis(2_999);
        assertThat(detector.hungFor()).isEmpty();
        clock.advanceMillis(1);
        assertThat(detector.hungFor()).contains(Duration.ofSeconds(3));
    }

    @Test
    void theTimeoutCountsFromTheRequestNotFromALongIdlePeriodBefore() {
        clock.advance(Duration.ofMinutes(5));
        detector.requestSent();
        clock.advanceMillis(1_000);
        assertThat(detector.hungFor()).isEmpty();
    }

    @Test
    void anyAnswerRestartsTheCountWhileOtherRequestsAreStillOwed() {
        detector.requestSent();
        detector.requestSent();
        clock.advanceMillis(2_500);
        detector.requestDone();
        clock.advanceMillis(2_500);
        assertThat(detector.hungFor()).isEmpty();
        clock.advanceMillis(500);
        assertThat(detector.hungFor()).contains(Duration.ofSeconds(3));
    }

    @Test
    void inboundMessagesProveTheNodeIsAlive() {
        detector.requestSent();
        clock.advanceMillis(2_000);
        detector.heard();
        clock.advanceMillis(2_000);
        assertThat(detector.hungFor()).isEmpty();
        assertThat(detector.lastHeard()).isEqualTo(clock.instant().minusMillis(2_000));
    }

    @Test
    void allRequestsAnsweredMeansNothingIsOwed() {
        detector.requestSent();
        detector.requestDone();
        clock.advance(Duration.ofMinutes(1));
        assertThat(detector.hungFor()).isEmpty();
    }
}
