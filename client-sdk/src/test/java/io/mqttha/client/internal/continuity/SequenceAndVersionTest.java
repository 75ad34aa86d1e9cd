package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SequenceAndVersionTest {

    @Test
    void distanceIsModular() {
        assertThat(SequenceNumbers.distance(5, 8)).isEqualTo(3);
        assertThat(SequenceNumbers.distance(8, 5)).isEqualTo(-3);
        assertThat(SequenceNumbers.distance(SequenceNumbers.MAX, 1)).isEqualTo(2);
        assertThat(SequenceNumbers.distance(1, SequenceNumbers.MAX)).isEqualTo(-2);
        assertThat(SequenceNumbers.distance(0, SequenceNumbers.HALF_RANGE)).isEqualTo(-SequenceNumbers.HALF_RANGE);
        assertThat(SequenceNumbers.next(SequenceNumbers.MAX)).isZero();
        assertThat(SequenceNumbers.add(0, -1)).isEqualTo(SequenceNumbers.MAX);
    }

    @Test
    void rangeContainsAcrossTheWrap() {
        SequenceRange range = new SequenceRange(SequenceNumbers.MAX, 3);

        assertThat(range.last()).isEqualTo(1);
        assertThat(range.contains(SequenceNumbers.MAX)).isTrue();
        assertThat(range.contains(0)).isTrue();
        assertThat(range.contains(1)).isTrue();
        assertThat(range.contains(2)).isFalse();
        assertThat(range.contains(SequenceNumbers.MAX - 1)).isFalse();
        assertThatThrownBy(() -> new SequenceRange(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void incarnationsAreOrderedByStartThenNonceAndRoundTrip() {
        Incarnation earlier = new Incarnation(1_000, 0xffffffff);
        Incarnation later = new Incarnation(1_001, 0);
        Incarnation sameMillisHigherNonce = new Incarnation(1_001, 0x80000000);

        assertThat(later.isNewerThan(earlier)).isTrue();
        assertThat(sameMillisHigherNonce.isNewerThan(later)).as("nonce compared unsigned").isTrue();
        assertThat(earlier.toString()).isEqualTo("1000-ffffffff");
        assertThat(later.toString()).isEqualTo("1001-00000000");
        assertThat(Incarnation.parse(sameMillisHigherNonce.toString())).contains(sameMillisHigherNonce);
        assertThat(Incarnation.parse("99999999999999999999-00000000")).isEmpty();
        assertThat(Incarnation.parse("-00000000")).isEmpty();
    }

    @Test
    void incarnationStartsAtTheClocksTime() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_718_000_000_000L), ZoneOffset.UTC);

        Incarnation incarnation = Incarnation.start(clock, new Random(7));

        assertThat(incarnation.startedAtMillis()).isEqualTo(1_718_000_000_000L);
    }

    @Test
    void retainedVersionsOrderByIncarnationThenModularSequence() {
        Incarnation first = new Incarnation(1_000, 1);
        Incarnation second = new Incarnation(2_000, 1);

        assertThat(new RetainedVersion(second, 1).isNewerThan(new RetainedVersion(first, 900))).isTrue();
        assertThat(new RetainedVersion(first, 901).isNewerThan(new RetainedVersion(first, 900))).isTrue();
        assertThat(new RetainedVersion(first, 0).isNewerThan(new RetainedVersion(first, SequenceNumbers.MAX)))
                .as("wrapped").isTrue();
        assertThat(new RetainedVersion(first, 5).isNewerThan(new RetainedVersion(first, 5))).isFalse();
        assertThat(RetainedVersion.parse("1000-00000001:901")).contains(new RetainedVersion(first, 901));
        assertThat(RetainedVersion.parse("1000-00000001:4294967296")).isEmpty();
        assertThat(RetainedVersion.parse("1000-00000001")).isEmpty();
    }
}
