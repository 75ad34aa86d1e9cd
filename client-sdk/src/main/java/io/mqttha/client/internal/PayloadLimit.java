package io.mqttha.client.internal;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PayloadTooLargeException;

/** The check of {@link io.mqttha.client.HaClientConfig#maximumPayloadSize()}, shared by every publish path. */
final class PayloadLimit {

    private PayloadLimit() {
    }

    /**
     * Refuses a message whose payload exceeds the limit. Topic and user properties do not count: the
     * brokers' packet limit keeps room for them above the payload limit.
     *
     * @throws PayloadTooLargeException naming the topic, the size and the limit
     */
    static void check(OutboundMessage message, int maximumPayloadSize) {
        if (message.payloadSize() > maximumPayloadSize) {
            throw new PayloadTooLargeException(message.topic(), message.payloadSize(), maximumPayloadSize);
        }
    }
}
