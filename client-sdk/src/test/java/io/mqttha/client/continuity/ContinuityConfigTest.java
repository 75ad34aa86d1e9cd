package io.mqttha.client.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ContinuityConfigTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        ContinuityConfig config = ContinuityConfig.defaults();

        assertThat(config.windowSize()).isEqualTo(ContinuityConfig.DEFAULT_WINDOW_SIZE);
        assertThat(config.maxGap()).isEqualTo(ContinuityConfig.DEFAULT_MAX_GAP);
        assertThat(config.dropDuplicates()).isTrue();
        assertThat(config.repairEnabled()).isTrue();
        assertThat(config.replayMaxAge()).isEqualTo(ContinuityConfig.DEFAULT_REPLAY_MAX_AGE);
        assertThat(config.announceInterval()).isEqualTo(ContinuityConfig.DEFAULT_ANNOUNCE_INTERVAL);
    }

    @Test
    void invalidValuesAreRejectedOnBuild() {
        assertThatThrownBy(() -> ContinuityConfig.builder().windowSize(100).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowSize");
        assertThatThrownBy(() -> ContinuityConfig.builder().maxGap((1 << 30) + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxGap");
        assertThatThrownBy(() -> ContinuityConfig.builder().repairRetryInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repairRetryInterval");
        assertThatThrownBy(() -> ContinuityConfig.builder().maxRepairAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRepairAttempts");
    }

    @Test
    void everyInvalidValueIsReportedAtOnce() {
        assertThatThrownBy(() -> ContinuityConfig.builder().windowSize(100).maxGap(0).maxStreams(0).build())
                .hasMessageContaining("windowSize").hasMessageContaining("maxGap").hasMessageContaining("maxStreams");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ContinuityConfig original = ContinuityConfig.builder().windowSize(128).replayMaxAge(Duration.ofSeconds(7))
                .build();

        ContinuityConfig changed = original.toBuilder().maxStreams(5).build();

        assertThat(changed.windowSize()).isEqualTo(128);
        assertThat(changed.replayMaxAge()).isEqualTo(Duration.ofSeconds(7));
        assertThat(changed.maxStreams()).isEqualTo(5);
        assertThat(original.maxStreams()).isEqualTo(ContinuityConfig.DEFAULT_MAX_STREAMS);
    }

    @Test
    void partsRoundTripThroughTheBuilderAndValidateOnTheirOwn() {
        ContinuityConfig config = ContinuityConfig.builder()
                .repair(new ContinuityConfig.Repair(false, Duration.ZERO, Duration.ofSeconds(4), 2, Duration.ofSeconds(1)))
                .retained(new ContinuityConfig.Retained(7))
                .build();

        assertThat(config.repair()).isEqualTo(new ContinuityConfig.Repair(false, Duration.ZERO, Duration.ofSeconds(4),
                2, Duration.ofSeconds(1)));
        assertThat(config.retained().maxTopics()).isEqualTo(7);
        assertThat(config.tracking()).isEqualTo(ContinuityConfig.defaults().tracking());
        assertThatThrownBy(() -> new ContinuityConfig.Replay(-1, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("replayMaxMessages").hasMessageContaining("replayMaxAge")
                .hasMessageContaining("announceInterval");
    }
}
