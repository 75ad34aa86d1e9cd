package io.mqttha.client.internal;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;

import java.util.concurrent.CompletableFuture;

/** A publish the client holds until it completes. Mutable fields are guarded by the client's lock. */
final class PendingPublish {

    final OutboundMessage message;
    final long size;
    final CompletableFuture<PublishResult> future = new CompletableFuture<>();
    /** The connection the latest attempt went to, or null while it waits to be sent. */
    BrokerConnection sentOn;
    int attempts;
    boolean done;
    /** {@link PublishBuffer}'s links, guarded by the client's lock like the rest. */
    boolean buffered;
    PendingPublish prev;
    PendingPublish next;
    PendingPublish prevQos0;
    PendingPublish nextQos0;
    /** Whether the QoS is 0, kept because the buffer asks on every add and remove. */
    private final boolean qos0;

    PendingPublish(OutboundMessage message) {
        this.message = message;
        this.size = sizeOf(message);
        this.qos0 = message.qos() == Qos.AT_MOST_ONCE;
    }

    boolean isQos0() {
        return qos0;
    }

    private static long sizeOf(OutboundMessage message) {
        long size = message.payloadSize() + utf8Length(message.topic());
        for (var property : message.userProperties()) {
            size += utf8Length(property.name()) + utf8Length(property.value());
        }
        return size;
    }

    /** The UTF-8 length of {@code text}, without encoding it: this runs for every property of every publish. */
    static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++; // an unpaired surrogate is encoded as '?'
            } else {
                length += 3;
            }
        }
        return length;
    }
}
