package io.mqttha.client.internal;

import io.mqttha.client.BufferFullException;
import io.mqttha.client.BufferOverflowEvent;
import io.mqttha.client.ClientClosedException;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.MessageDroppedException;
import io.mqttha.client.MqttProtocol;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Every publish from the moment it is accepted until its future completes: the offline buffer, sending,
 * acknowledgements, and re-sending in order on the next connection when one is lost. A publish is marked
 * sent on a connection under the client's lock and handed to the library outside it, so acknowledgements
 * never wait for a library call.
 */
final class PublishPipeline {

    /** The result of {@link #admit}: the link to transmit on now, if any, and why the buffer refused, if it did. */
    record Admission(PendingPublish publish, Link sendOn, String refusal) {
    }

    private final HaClientConfig config;
    private final Object lock;
    private final ClientThreads threads;
    private final EventDispatcher events;
    private final ClientCounters counters;
    private final PublishBuffer buffer;
    private PlannedSwitch plannedSwitch;
    /** Told when a failed publish shows that its connection is ending. */
    private BiConsumer<Link, ConnectionLostException> connectionLost;

    PublishPipeline(HaClientConfig config, Object lock, ClientThreads threads, EventDispatcher events,
            ClientCounters counters) {
        this.config = config;
        this.lock = lock;
        this.threads = threads;
        this.events = events;
        this.counters = counters;
        this.buffer = new PublishBuffer(config.offlineBuffer());
    }

    void attach(PlannedSwitch drainingSwitch, BiConsumer<Link, ConnectionLostException> onConnectionLost) {
        this.plannedSwitch = drainingSwitch;
        this.connectionLost = onConnectionLost;
    }

    /** Checks a message before anything is buffered; called without the lock. */
    PendingPublish prepare(OutboundMessage message) {
        if (config.protocol() == MqttProtocol.MQTT_3_1_1 && !message.userProperties().isEmpty()) {
            throw new IllegalArgumentException("User properties need MQTT 5; this client speaks MQTT 3.1.1");
        }
        PayloadLimit.check(message, config.maximumPayloadSize());
        return new PendingPublish(message);
    }

    /** Buffers {@code publish}, marking it sent on {@code ready} if a link is ready for it. Under the lock. */
    Admission admit(PendingPublish publish, Link ready) {
        PublishBuffer.Admission admission = buffer.admit(publish);
        for (PendingPublish evicted : admission.evicted()) {
            dropQos0(evicted, "dropped from the full offline buffer to make room for a newer message");
        }
        if (admission.accepted()) {
            if (ready != null) {
                markSent(ready, publish);
            }
            return new Admission(publish, ready, null);
        }
        if (publish.isQos0()) {
            publish.done = true;
            dropQos0(publish, admission.refusal());
        } else {
            counters.rejected.increment();
            events.overflow(BufferOverflowEvent.Outcome.REJECTED, publish.message.topic(), buffer.size(), buffer.bytes());
        }
        return new Admission(publish, null, admission.refusal());
    }

    /**
     * Hands an admitted publish to the library; called outside the lock. A publish made after this one by the
     * same thread is sent after it.
     *
     * @throws BufferFullException if the buffer refused a QoS 1/2 publish
     */
    CompletableFuture<PublishResult> transmit(Admission admission) {
        PendingPublish publish = admission.publish();
        if (admission.sendOn() != null) {
            transmit(admission.sendOn(), publish);
        }
        if (admission.refusal() != null && !publish.isQos0()) {
            throw new BufferFullException("Cannot publish to '" + publish.message.topic() + "': " + admission.refusal());
        }
        return publish.future;
    }

    /** Sends every publish not yet sent on {@code link}, in publish order; returns how many were re-sends. */
    int sendWaiting(Link link) {
        int resent = 0;
        for (PendingPublish p : List.copyOf(buffer.inOrder())) {
            if (p.sentOn != link.connection) {
                if (p.attempts > 0) {
                    resent++;
                }
                markSent(link, p);
                transmit(link, p);
            }
        }
        return resent;
    }

    /** Forgets that publishes went out on {@code link}: they are sent again on the next one. */
    void release(Link link) {
        for (PendingPublish p : buffer.inOrder()) {
            if (p.sentOn == link.connection) {
                p.sentOn = null;
            }
        }
    }

    /** Whether no publish sent on {@code link} awaits its acknowledgement. */
    boolean drained(Link link) {
        return buffer.countSentOn(link.connection) == 0;
    }

    int bufferedMessages() {
        return buffer.size();
    }

    long bufferedBytes() {
        return buffer.bytes();
    }

    /** Fails every publish still held, as the client closes. */
    void close() {
        List<PendingPublish> unfinished = buffer.drain();
        unfinished.forEach(p -> p.done = true);
        counters.failed.add(unfinished.size());
        threads.callback(() -> unfinished.forEach(p -> p.future.completeExceptionally(
                new ClientClosedException("client closed before the publish to '" + p.message.topic()
                        + "' was acknowledged"))));
    }

    private void markSent(Link link, PendingPublish p) {
        p.attempts++;
        p.sentOn = link.connection;
        (p.attempts == 1 ? counters.sent : counters.republished).increment();
        link.hang.requestSent();
    }

    private void transmit(Link link, PendingPublish p) {
        Failures.guarded(() -> link.connection.publish(p.message)).whenComplete((v, e) -> {
            if (e != null || !acknowledgedInline(link, p)) {
                threads.coordinate(() -> completed(link, p, e));
            }
        });
    }

    /**
     * Handles a successful acknowledgement where it arrives, unless a planned switch waits for the in-flight
     * publishes to drain: that decision stays on the coordinator.
     *
     * @return false if the coordinator must handle it
     */
    private boolean acknowledgedInline(Link link, PendingPublish p) {
        synchronized (lock) {
            if (plannedSwitch.draining()) {
                return false;
            }
            link.hang.requestDone();
            if (!p.done) {
                acknowledged(link, p);
            }
            return true;
        }
    }

    private void completed(Link link, PendingPublish p, Throwable failure) {
        link.hang.requestDone();
        synchronized (lock) {
            if (!p.done) {
                if (failure == null) {
                    acknowledged(link, p);
                } else {
                    failed(link, p, Failures.asHaException(failure, link.node));
                }
            }
            if (plannedSwitch.draining()) {
                plannedSwitch.completedWhileDraining(link);
            }
        }
    }

    private void failed(Link link, PendingPublish p, HaMqttException cause) {
        if (cause instanceof ConnectionLostException lost) {
            if (p.sentOn == link.connection) {
                p.sentOn = null;
            }
            // The library fails publishes this way only when the connection is ending; acting on it now
            // saves waiting for the disconnect notification.
            connectionLost.accept(link, lost);
            return;
        }
        finish(p);
        counters.failed.increment();
        threads.callback(() -> p.future.completeExceptionally(cause));
    }

    private void acknowledged(Link link, PendingPublish p) {
        finish(p);
        counters.acknowledged.increment();
        PublishResult result = new PublishResult(link.node, p.attempts);
        threads.callback(() -> p.future.complete(result));
    }

    private void finish(PendingPublish p) {
        p.done = true;
        buffer.remove(p);
    }

    private void dropQos0(PendingPublish p, String reason) {
        p.done = true;
        counters.qos0Dropped.increment();
        counters.failed.increment();
        MessageDroppedException dropped = new MessageDroppedException(
                "QoS 0 publish to '" + p.message.topic() + "' " + reason);
        threads.callback(() -> p.future.completeExceptionally(dropped));
        events.overflow(BufferOverflowEvent.Outcome.QOS0_DROPPED, p.message.topic(), buffer.size(), buffer.bytes());
    }
}
