package io.mqttha.client.internal;

import io.mqttha.client.ConnectedEvent;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.Qos;
import io.mqttha.client.internal.continuity.OriginRetainedState;
import io.mqttha.client.internal.continuity.RetainedWatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An origin's side of retained convergence: it watches the brokers' copies of the retained topics it wrote,
 * through a few wildcard filters ({@link RetainedWatches}), and re-publishes its newest value, at a bounded
 * pace ({@link RetainedRepublisher}), where a copy is older than it, or where a broker holds none after a
 * (re)connection. The application's subscriptions go through here too: the failover client keeps one
 * consumer per filter, so a filter that is both the application's and a watch serves both.
 *
 * @param <O> what a copy shows of its age (a version with MQTT 5, a payload fingerprint with MQTT 3.1.1)
 */
final class RetainedConvergence<O> {

    private static final Logger LOG = LoggerFactory.getLogger(RetainedConvergence.class);
    /** How long after a (re)connection the broker's retained copies are awaited before the origin re-publishes. */
    static final Duration RESYNC_WINDOW = Duration.ofMillis(500);

    private final HaMqttClient delegate;
    private final OriginRetainedState<?, O> state;
    private final Function<InboundMessage, Optional<O>> ageOf;
    private final ClientThreads timers;
    private final RetainedWatches watches = new RetainedWatches();
    private final RetainedRepublisher republisher;
    private final Map<String, ApplicationSubscription> applicationSubscriptions = new ConcurrentHashMap<>();

    private record ApplicationSubscription(Qos qos, Consumer<InboundMessage> consumer) {
    }

    /**
     * @param delegate the failover client to subscribe and publish through
     * @param state    the origin's retained topics and how a copy's age is told
     * @param ageOf    what a copy shows of its age, empty when it shows nothing (a copy left alone)
     * @param timers   where the end of a resync round runs
     */
    RetainedConvergence(HaMqttClient delegate, OriginRetainedState<?, O> state,
            Function<InboundMessage, Optional<O>> ageOf, ClientThreads timers) {
        this.delegate = delegate;
        this.state = state;
        this.ageOf = ageOf;
        this.timers = timers;
        this.republisher = new RetainedRepublisher(delegate, state::newest);
        delegate.addListener(new HaClientListener() {
            @Override
            public void onConnected(ConnectedEvent event) {
                resync();
            }
        });
    }

    /** Subscribes the application to {@code filter}; {@code consumer} gets what arrives on it. */
    CompletableFuture<Void> subscribe(String filter, Qos qos, Consumer<InboundMessage> consumer) {
        applicationSubscriptions.put(filter, new ApplicationSubscription(qos, consumer));
        return subscribeFilter(filter);
    }

    /** Unsubscribes the application from {@code filter}; the engine keeps it if it is a watch. */
    CompletableFuture<Void> unsubscribe(String filter) {
        applicationSubscriptions.remove(filter);
        return watches.contains(filter) ? subscribeFilter(filter) : delegate.unsubscribe(filter);
    }

    /** Watches a retained topic the origin just published and recorded in its state. */
    void watch(String topic) {
        RetainedWatches.Change change = watches.add(topic);
        if (change.subscribe() != null) {
            subscribeFilter(change.subscribe()).thenRun(() -> change.unsubscribe().forEach(this::stopWatching));
        }
    }

    private CompletableFuture<Void> subscribeFilter(String filter) {
        ApplicationSubscription application = applicationSubscriptions.get(filter);
        boolean watching = watches.contains(filter);
        // A watch alone is QoS 0: it only looks at copies, and a broker handing 100,000 retained copies at QoS 1
        // to one client makes Mosquitto 2.0.11 reuse packet identifiers still in flight (docs/benchmarks.md,
        // "Retained state at scale"), which the HiveMQ client answers by closing the connection.
        Qos qos = application == null ? Qos.AT_MOST_ONCE : application.qos();
        return delegate.subscribe(filter, qos, message -> {
            if (watching) {
                onCopy(message);
            }
            if (application != null) {
                application.consumer().accept(message);
            }
        });
    }

    /** Unsubscribes the engine from a watch filter that a wider one replaced, unless the application uses it. */
    private void stopWatching(String filter) {
        if (applicationSubscriptions.containsKey(filter)) {
            subscribeFilter(filter);
        } else {
            delegate.unsubscribe(filter);
        }
    }

    private void onCopy(InboundMessage message) {
        state.onObserved(message.topic(), ageOf.apply(message)).ifPresent(newest -> {
            LOG.debug("{} holds an older copy of {}; re-publishing the newest", message.node(), message.topic());
            republisher.republish(message.topic());
        });
    }

    private void resync() {
        state.beginResync();
        timers.schedule(() -> state.finishResync().forEach(missing -> republisher.republish(missing.topic())),
                RESYNC_WINDOW);
    }
}
