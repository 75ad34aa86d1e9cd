package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.BufferOverflowEvent;
import io.mqttha.client.ConnectedEvent;
import io.mqttha.client.FailoverEvent;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.ListenerRegistration;
import io.mqttha.client.NodeHealthEvent;
import io.mqttha.client.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Delivers the client's events to its listeners, on the callback lane, in the order they were emitted. */
final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<HaClientListener> listeners = new CopyOnWriteArrayList<>();
    private final ClientThreads threads;
    private final Clock clock;

    EventDispatcher(ClientThreads threads, Clock clock) {
        this.threads = threads;
        this.clock = clock;
    }

    ListenerRegistration add(HaClientListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    void remove(HaClientListener listener) {
        listeners.remove(listener);
    }

    void connected(BrokerAddress node, Instant time) {
        emit(l -> l.onConnected(new ConnectedEvent(node, time)));
    }

    void failover(BrokerAddress from, BrokerAddress to, Duration took, boolean failback, Instant time) {
        FailoverEvent event = new FailoverEvent(from, to, took, failback, time);
        emit(l -> l.onFailover(event));
    }

    /** Logs a node's change of state and reports it. */
    void health(NodeHealthEvent event) {
        if (event.previous().state() == NodeState.UNKNOWN) {
            LOG.debug("Node {} is {}", event.current().node(), event.current().state());
        } else {
            LOG.info("Node {} is {} (was {})", event.current().node(), event.current().state(),
                    event.previous().state());
        }
        emit(l -> l.onNodeHealthChanged(event));
    }

    void overflow(BufferOverflowEvent.Outcome outcome, String topic, int bufferedMessages, long bufferedBytes) {
        BufferOverflowEvent event = new BufferOverflowEvent(outcome, topic, bufferedMessages, bufferedBytes,
                clock.instant());
        emit(l -> l.onBufferOverflow(event));
    }

    /** Calls every listener on the callback lane; a listener that throws is logged and does not stop the rest. */
    void emit(Consumer<HaClientListener> call) {
        threads.callback(() -> {
            for (HaClientListener listener : listeners) {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    LOG.warn("Listener {} failed", listener, e);
                }
            }
        });
    }
}
