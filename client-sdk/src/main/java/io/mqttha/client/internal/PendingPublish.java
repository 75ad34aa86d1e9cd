package io.mqttha.client.internal;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;

import java.nio.charset.StandardCharsets;
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

    PendingPublish(OutboundMessage message) {
        this.message = message;
        this.size = sizeOf(message);
    }

    boolean isQos0() {
        return message.qos() == Qos.AT_MOST_ONCE;
    }

    private static long sizeOf(OutboundMessage message) {
        long size = message.payloadSize() + message.topic().getBytes(StandardCharsets.UTF_8).length;
        for (var property : message.userProperties()) {
            size += property.name().getBytes(StandardCharsets.UTF_8).length
                    + property.value().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }
}
