package io.mqttha.client.internal;

import io.mqttha.client.OfflineBufferLimits;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PublishBufferTest {

    private static PendingPublish message(Qos qos, int payloadBytes) {
        return new PendingPublish(OutboundMessage.of("t", new byte[payloadBytes], qos, false));
    }

    @Test
    void keepsPublishOrderAndCountsBytes() {
        PublishBuffer buffer = new PublishBuffer(new OfflineBufferLimits(10, 1_000));
        PendingPublish first = message(Qos.AT_LEAST_ONCE, 10);
        PendingPublish second = message(Qos.AT_MOST_ONCE, 20);
        assertThat(buffer.admit(first).accepted()).isTrue();
        assertThat(buffer.admit(second).accepted()).isTrue();
        assertThat(buffer.inOrder()).containsExactly(first, second);
        assertThat(buffer.bytes()).isEqualTo(11 + 21);
        buffer.remove(first);
        assertThat(buffer.inOrder()).containsExactly(second);
        assertThat(buffer.bytes()).isEqualTo(21);
    }

    @Test
    void dropsTheOldestWaitingQos0ToMakeRoom() {
        PublishBuffer buffer = new PublishBuffer(new OfflineBufferLimits(3, 1_000));
        PendingPublish oldQos0 = message(Qos.AT_MOST_ONCE, 1);
        PendingPublish sentQos0 = message(Qos.AT_MOST_ONCE, 1);
        sentQos0.sentOn = new FakeConnections().create(null, null, false);
        PendingPublish qos1 = message(Qos.AT_LEAST_ONCE, 1);
        buffer.admit(sentQos0);
        buffer.admit(oldQos0);
        buffer.admit(qos1);

        PublishBuffer.Admission admission = buffer.admit(message(Qos.EXACTLY_ONCE, 1));

        assertThat(admission.accepted()).isTrue();
        assertThat(admission.evicted()).containsExactly(oldQos0);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.inOrder()).doesNotContain(oldQos0).contains(sentQos0, qos1);
    }

    @Test
    void refusesWithoutEvictingWhenEvictionWouldNotBeEnough() {
        PublishBuffer buffer = new PublishBuffer(new OfflineBufferLimits(100, 50));
        PendingPublish qos0 = message(Qos.AT_MOST_ONCE, 9);
        buffer.admit(qos0);
        buffer.admit(message(Qos.AT_LEAST_ONCE, 29));

        PublishBuffer.Admission admission = buffer.admit(message(Qos.AT_LEAST_ONCE, 20));

        assertThat(admission.accepted()).isFalse();
        assertThat(admission.refusal()).contains("offline buffer full");
        assertThat(admission.evicted()).isEmpty();
        assertThat(buffer.inOrder()).contains(qos0);
    }

    @Test
    void removingFromTheMiddleKeepsBothChainsAndTheCountsRight() {
        PublishBuffer buffer = new PublishBuffer(new OfflineBufferLimits(10, 1_000));
        PendingPublish a = message(Qos.AT_MOST_ONCE, 1);
        PendingPublish b = message(Qos.AT_LEAST_ONCE, 1);
        PendingPublish c = message(Qos.AT_MOST_ONCE, 1);
        PendingPublish d = message(Qos.AT_MOST_ONCE, 1);
        List.of(a, b, c, d).forEach(buffer::admit);

        buffer.remove(c);
        buffer.remove(c);
        buffer.remove(a);

        assertThat(buffer.inOrder()).containsExactly(b, d);
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.bytes()).isEqualTo(4);
        // The QoS 0 chain lost c and a too: d is the only victim left.
        assertThat(buffer.admit(message(Qos.AT_LEAST_ONCE, 1)).accepted()).isTrue();
        PublishBuffer full = new PublishBuffer(new OfflineBufferLimits(2, 1_000));
        PendingPublish qos1 = message(Qos.AT_LEAST_ONCE, 1);
        PendingPublish qos0 = message(Qos.AT_MOST_ONCE, 1);
        full.admit(qos1);
        full.admit(qos0);
        assertThat(full.admit(message(Qos.AT_LEAST_ONCE, 1)).evicted()).containsExactly(qos0);
        buffer.remove(d);
        assertThat(buffer.admit(message(Qos.AT_MOST_ONCE, 1)).evicted()).isEmpty();
        assertThat(buffer.drain()).hasSize(3).startsWith(b);
        assertThat(buffer.inOrder()).isEmpty();
        assertThat(buffer.bytes()).isZero();
    }

    @Test
    void utf8LengthMatchesTheEncodedLength() {
        for (String text : List.of("", "plain/topic", "caf\u00e9", "\u20ac/\u4e2d", "\ud83d\ude00 smile")) {
            assertThat(PendingPublish.utf8Length(text))
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}
