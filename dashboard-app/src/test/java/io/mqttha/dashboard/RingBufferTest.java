package io.mqttha.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingBufferTest {

    @Test
    void keepsTheNewestElementsInOrder() {
        RingBuffer<Integer> buffer = new RingBuffer<>(3);
        for (int i = 1; i <= 5; i++) {
            buffer.add(i);
        }
        assertThat(buffer.toList()).containsExactly(3, 4, 5);
        assertThat(buffer.last()).isEqualTo(5);
        assertThat(buffer.size()).isEqualTo(3);
        assertThatThrownBy(() -> buffer.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rateWindowAveragesOverTheSecondsItHas() {
        RateWindow window = new RateWindow();
        assertThat(window.perSecond(10)).isZero();
        window.closeSecond(10);
        window.closeSecond(20);
        assertThat(window.perSecond(1)).isEqualTo(20.0);
        assertThat(window.perSecond(10)).isEqualTo(15.0);
        for (int i = 0; i < RateWindow.MAX_SECONDS; i++) {
            window.closeSecond(6);
        }
        assertThat(window.perSecond(60)).isEqualTo(6.0);
    }
}
