package io.mqttha.client.internal;

import io.mqttha.client.ClientClosedException;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.Qos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The subscriptions the client restores on every connection, and the routing of each message to the
 * consumers whose filter matches. Subscribing, restoring and acknowledging happen under the client's lock;
 * routing runs on the inbound lane over an immutable copy, so it never waits for the lock.
 */
final class SubscriptionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRegistry.class);

    /**
     * Most topic filters restored in one SUBSCRIBE: one packet (one SUBACK) for the usual handful, and
     * packets of a few tens of kilobytes, well within what brokers accept, for thousands.
     */
    static final int MAX_FILTERS_PER_SUBSCRIBE = 500;

    private final Object lock;
    private final ClientThreads threads;
    private final ClientCounters counters;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    /** Every subscription, replaced under the lock on each change. */
    private volatile List<Subscription> current = List.of();
    /**
     * The index of {@link #current} that routing uses, rebuilt by the inbound lane at its first message after a
     * change, so that subscribing to thousands of topics one after the other does not build thousands of indexes.
     */
    private FilterIndex<Subscription> routes = FilterIndex.empty();
    private List<Subscription> indexed = List.of();

    SubscriptionRegistry(Object lock, ClientThreads threads, ClientCounters counters) {
        this.lock = lock;
        this.threads = threads;
        this.counters = counters;
    }

    boolean isEmpty() {
        return subscriptions.isEmpty();
    }

    /** Adds or replaces the subscription to {@code filter} and sends it on every connected link. */
    CompletableFuture<Void> add(String filter, Qos qos, Consumer<InboundMessage> consumer, List<Link> links) {
        Subscription subscription = new Subscription(filter, qos, consumer);
        Subscription replaced = subscriptions.put(filter, subscription);
        if (replaced != null && !replaced.acknowledged) {
            subscription.future.whenComplete((v, e) -> Failures.complete(replaced.future, v, e));
        }
        current = List.copyOf(subscriptions.values());
        for (Link link : links) {
            send(link, List.of(subscription));
        }
        return subscription.future;
    }

    /** Removes the subscription to {@code filter} and unsubscribes it on every connected link. */
    CompletableFuture<Void> remove(String filter, List<Link> links) {
        Subscription removed = subscriptions.remove(filter);
        if (removed == null) {
            return CompletableFuture.completedFuture(null);
        }
        current = List.copyOf(subscriptions.values());
        if (!removed.acknowledged) {
            removed.acknowledged = true;
            threads.callback(() -> removed.future.completeExceptionally(new HaMqttException(
                    "unsubscribed from '" + filter + "' before a broker acknowledged the subscription")));
        }
        if (links.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Link link : links) {
            link.hang.requestSent();
            acks.add(Failures.guarded(() -> link.connection.unsubscribe(filter))
                    .whenComplete((v, e) -> link.hang.requestDone()));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            Throwable failure = e == null ? null : HiveMqErrors.unwrap(e);
            // Losing the connection also ends the subscription there, and it will not be restored.
            boolean done = failure == null || failure instanceof ConnectionLostException;
            threads.callback(() -> Failures.complete(result, null, done ? null : failure));
        });
        return result;
    }

    /** Re-sends every subscription on {@code link} in as few SUBSCRIBE packets as possible, then runs {@code then}. */
    void restore(Link link, Runnable then) {
        List<Subscription> all = List.copyOf(subscriptions.values());
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_FILTERS_PER_SUBSCRIBE) {
            acks.add(send(link, all.subList(from, Math.min(all.size(), from + MAX_FILTERS_PER_SUBSCRIBE))));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((v, e) -> then.run(), threads.coordinator());
    }

    /** Forgets every subscription and fails the futures of those no broker acknowledged yet. */
    void close() {
        for (Subscription s : subscriptions.values()) {
            if (!s.acknowledged) {
                threads.callback(() -> s.future.completeExceptionally(new ClientClosedException(
                        "client closed before the subscription to '" + s.filter + "' was acknowledged")));
            }
        }
        subscriptions.clear();
        current = List.of();
    }

    /** Hands {@code message} to every consumer whose filter matches. Runs on the inbound lane. */
    void route(InboundMessage message) {
        counters.received.increment();
        List<Subscription> now = current;
        if (now != indexed) {
            routes = new FilterIndex<>(now, s -> s.filter);
            indexed = now;
        }
        for (Subscription s : routes.matching(message.topic())) {
            try {
                s.consumer.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("Consumer of '{}' failed on a message from {}", s.filter, message.node(), e);
            }
        }
    }

    /**
     * Sends subscriptions in one SUBSCRIBE; the returned future completes, never exceptionally, once the
     * outcome of each is handled.
     */
    private CompletableFuture<Void> send(Link link, List<Subscription> batch) {
        List<BrokerConnection.Filter> filters = batch.stream()
                .map(s -> new BrokerConnection.Filter(s.filter, s.qos))
                .toList();
        link.hang.requestSent();
        return Failures.guarded(() -> link.connection.subscribe(filters))
                .handleAsync((outcomes, e) -> {
                    link.hang.requestDone();
                    synchronized (lock) {
                        for (int i = 0; i < batch.size(); i++) {
                            acknowledged(link, batch.get(i), e != null ? e : outcomes.get(i).orElse(null));
                        }
                    }
                    return null;
                }, threads.coordinator());
    }

    private void acknowledged(Link link, Subscription s, Throwable failure) {
        if (failure == null) {
            if (!s.acknowledged) {
                s.acknowledged = true;
                threads.callback(() -> s.future.complete(null));
            }
            return;
        }
        HaMqttException cause = Failures.asHaException(failure, link.node);
        if (cause instanceof ConnectionLostException) {
            return; // restored on the next connection
        }
        if (!s.acknowledged) {
            s.acknowledged = true;
            if (subscriptions.get(s.filter) == s) {
                subscriptions.remove(s.filter);
                current = List.copyOf(subscriptions.values());
            }
            threads.callback(() -> s.future.completeExceptionally(cause));
        } else {
            LOG.warn("{} refused the restored subscription to '{}': {}", link.node, s.filter, cause.getMessage());
        }
    }

    /** A subscription the client restores on every node. */
    private static final class Subscription {
        final String filter;
        final Qos qos;
        final Consumer<InboundMessage> consumer;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        /** Guarded by the client's lock: the future has been or is being completed. */
        boolean acknowledged;

        Subscription(String filter, Qos qos, Consumer<InboundMessage> consumer) {
            this.filter = filter;
            this.qos = qos;
            this.consumer = consumer;
        }
    }
}
