package io.mqttha.client.internal;

import io.mqttha.client.HaMqttClient;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.internal.continuity.OriginRetainedState;
import io.mqttha.client.internal.continuity.PayloadHistory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Retained convergence for an MQTT 3.1.1 client, which cannot stamp a version on what it publishes (3.1.1 has no
 * user properties): a broker's copy of a retained topic this client wrote is told by its payload
 * ({@link PayloadHistory}). A copy with one of the payloads this client wrote before its newest is stale, and the
 * newest is re-published; a copy with a payload it never wrote is another writer's, and the topic is left to it.
 * Nothing else changes: received messages reach the application as the failover client delivers them.
 */
final class UnversionedRetainedClient extends ForwardingHaMqttClient {

    private final ClientThreads timers;
    private final OriginRetainedState<PayloadHistory, Long> state = OriginRetainedState.byPayload();
    private final RetainedConvergence<Long> retained;

    UnversionedRetainedClient(HaMqttClient delegate) {
        super(delegate);
        this.timers = new ClientThreads(delegate.config().clientId());
        this.retained = new RetainedConvergence<>(delegate, state,
                copy -> Optional.of(PayloadHistory.fingerprint(copy.payload())), timers);
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, Consumer<InboundMessage> consumer) {
        return retained.subscribe(topicFilter, qos, consumer);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        return retained.unsubscribe(topicFilter);
    }

    @Override
    public CompletableFuture<PublishResult> publish(OutboundMessage message) {
        if (message.retain()) {
            // Before recording: a refused message must not become the value this client converges the brokers to.
            PayloadLimit.check(message, delegate.config().maximumPayloadSize());
            state.record(message.topic(), previous -> PayloadHistory.next(previous, message.payload()), message);
            retained.watch(message.topic());
        }
        return delegate.publish(message);
    }

    @Override
    public void close() {
        timers.shutdown(Duration.ZERO);
        delegate.close();
    }
}
