package io.mqttha.client.internal.continuity;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttha.client.internal.continuity.SequenceNumbers;

import org.junit.jupiter.api.Test;

class SequenceGeneratorTest {

    @Test
    void eachTopicCountsFromOneIndependently() {
        SequenceGenerator generator = new SequenceGenerator();

        assertThat(generator.next("a")).isEqualTo(1);
        assertThat(generator.next("a")).isEqualTo(2);
        assertThat(generator.next("b")).isEqualTo(1);
        assertThat(generator.lastSequences()).containsEntry("a", 2L).containsEntry("b", 1L).hasSize(2);
    }

    @Test
    void sequenceWrapsToZeroAfterTheMaximum() {
        SequenceGenerator generator = new SequenceGenerator(SequenceNumbers.MAX - 1);

        assertThat(generator.next("t")).isEqualTo(SequenceNumbers.MAX - 1);
        assertThat(generator.next("t")).isEqualTo(SequenceNumbers.MAX);
        assertThat(generator.next("t")).isZero();
        assertThat(generator.next("t")).isEqualTo(1);
    }
}
