package io.mqttha.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffPolicyTest {

    private final BackoffPolicy policy = new BackoffPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), 2.0, 0.2);

    @Test
    void growsByTheMultiplierPerFailure() {
        assertThat(policy.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayAfter(2, 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayAfter(4, 0.5)).isEqualTo(Duration.ofMillis(1_600));
    }

    @Test
    void jitterSpreadsWithinTheBand() {
        assertThat(policy.delayAfter(1, 0.0)).isEqualTo(Duration.ofMillis(160));
        assertThat(policy.delayAfter(1, 0.999_999)).isBetween(Duration.ofMillis(239), Duration.ofMillis(240));
    }

    @Test
    void neverExceedsTheMaxEvenWithJitterOrManyFailures() {
        assertThat(policy.delayAfter(60, 0.999)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(1_000, 0.0)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void rejectsNonsenseWithTheOffendingValue() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.5))
                .hasMessageContaining("jitter");
    }

    @Test
    void everyBadComponentIsNamedAtOnce() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ZERO, 0.5, 2))
                .hasMessageContaining("initial").hasMessageContaining("multiplier").hasMessageContaining("jitter");
        assertThatThrownBy(() -> new OfflineBufferLimits(0, 0))
                .hasMessageContaining("maxMessages").hasMessageContaining("maxBytes");
    }
}
