package io.mqttha.client.internal.continuity;

import io.mqttha.brokers.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;
import io.mqttha.client.internal.continuity.SequenceNumbers;
import io.mqttha.client.internal.continuity.SequenceRange;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private final MutableClock clock = new MutableClock(1_000_000);

    private static OutboundMessage message(String topic, long sequence) {
        return OutboundMessage.of(topic, ("m" + sequence).getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE,
                false);
    }

    private static void addAll(ReplayBuffer buffer, String topic, long from, long to) {
        for (long sequence = from; sequence <= to; sequence++) {
            buffer.add(topic, sequence & SequenceNumbers.MAX, message(topic, sequence & SequenceNumbers.MAX));
        }
    }

    @Test
    void answersWithEveryMessageStillHeld() {
        ReplayBuffer buffer = new ReplayBuffer(100, Duration.ofMinutes(1), clock);
        addAll(buffer, "t", 1, 10);

        ReplayBuffer.Answer answer = buffer.find("t", new SequenceRange(4, 3));

        assertThat(answer.messages()).containsExactly(message("t", 4), message("t", 5), message("t", 6));
        assertThat(answer.unavailable()).isEmpty();
    }

    @Test
    void evictsTheOldestBeyondTheCountAcrossStreams() {
        ReplayBuffer buffer = new ReplayBuffer(5, Duration.ofMinutes(1), clock);
        addAll(buffer, "a", 1, 4);
        addAll(buffer, "b", 1, 3);

        assertThat(buffer.size()).isEqualTo(5);
        ReplayBuffer.Answer answer = buffer.find("a", new SequenceRange(1, 4));
        assertThat(answer.messages()).containsExactly(message("a", 3), message("a", 4));
        assertThat(answer.unavailable()).containsExactly(new SequenceRange(1, 2));
    }

    @Test
    void evictsMessagesOlderThanTheMaximumAge() {
        ReplayBuffer buffer = new ReplayBuffer(100, Duration.ofSeconds(10), clock);
        addAll(buffer, "t", 1, 3);
        clock.advance(Duration.ofSeconds(6));
        addAll(buffer, "t", 4, 5);
        clock.advance(Duration.ofSeconds(4));

        ReplayBuffer.Answer answer = buffer.find("t", new SequenceRange(1, 5));

        assertThat(answer.messages()).containsExactly(message("t", 4), message("t", 5));
        assertThat(answer.unavailable()).containsExactly(new SequenceRange(1, 3));
        assertThat(buffer.size()).isEqualTo(2);
    }

    @Test
    void partialAnswerListsEveryMissingRunInOrder() {
        ReplayBuffer buffer = new ReplayBuffer(100, Duration.ofMinutes(1), clock);
        addAll(buffer, "t", 3, 4);
        addAll(buffer, "t", 7, 7);

        ReplayBuffer.Answer answer = buffer.find("t", new SequenceRange(1, 10));

        assertThat(answer.messages()).containsExactly(message("t", 3), message("t", 4), message("t", 7));
        assertThat(answer.unavailable()).containsExactly(new SequenceRange(1, 2), new SequenceRange(5, 2),
                new SequenceRange(8, 3));
    }

    @Test
    void unknownTopicIsEntirelyUnavailable() {
        ReplayBuffer buffer = new ReplayBuffer(100, Duration.ofMinutes(1), clock);

        ReplayBuffer.Answer answer = buffer.find("nowhere", new SequenceRange(1, 2));

        assertThat(answer.messages()).isEmpty();
        assertThat(answer.unavailable()).containsExactly(new SequenceRange(1, 2));
    }

    @Test
    void rangeAcrossTheWrapIsAnsweredInSequenceOrder() {
        ReplayBuffer buffer = new ReplayBuffer(100, Duration.ofMinutes(1), clock);
        addAll(buffer, "t", SequenceNumbers.MAX - 1, SequenceNumbers.MAX + 2);

        ReplayBuffer.Answer answer = buffer.find("t", new SequenceRange(SequenceNumbers.MAX, 3));

        assertThat(answer.messages()).containsExactly(message("t", SequenceNumbers.MAX), message("t", 0),
                message("t", 1));
        assertThat(answer.unavailable()).isEmpty();
    }

    @Test
    void zeroCapacityKeepsNothing() {
        ReplayBuffer buffer = new ReplayBuffer(0, Duration.ofMinutes(1), clock);
        addAll(buffer, "t", 1, 3);

        assertThat(buffer.size()).isZero();
        assertThat(buffer.find("t", new SequenceRange(1, 3)).unavailable()).containsExactly(new SequenceRange(1, 3));
    }
}
