package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaClientMetrics;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.ListenerRegistration;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuitySnapshot;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A layer on top of the failover client that hands every call to it; a layer overrides what it adds to.
 */
abstract class ForwardingHaMqttClient implements HaMqttClient {

    /** The client underneath. */
    protected final HaMqttClient delegate;

    ForwardingHaMqttClient(HaMqttClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<BrokerAddress> connect() {
        return delegate.connect();
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, Consumer<InboundMessage> consumer) {
        return delegate.subscribe(topicFilter, qos, consumer);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        return delegate.unsubscribe(topicFilter);
    }

    @Override
    public CompletableFuture<PublishResult> publish(OutboundMessage message) {
        return delegate.publish(message);
    }

    @Override
    public ContinuitySnapshot continuity() {
        return delegate.continuity();
    }

    @Override
    public Optional<BrokerAddress> currentNode() {
        return delegate.currentNode();
    }

    @Override
    public Optional<BrokerAddress> standbyNode() {
        return delegate.standbyNode();
    }

    @Override
    public List<NodeHealth> nodeHealth() {
        return delegate.nodeHealth();
    }

    @Override
    public HaClientMetrics metrics() {
        return delegate.metrics();
    }

    @Override
    public HaClientConfig config() {
        return delegate.config();
    }

    @Override
    public ListenerRegistration addListener(HaClientListener listener) {
        return delegate.addListener(listener);
    }

    @Override
    public void removeListener(HaClientListener listener) {
        delegate.removeListener(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
