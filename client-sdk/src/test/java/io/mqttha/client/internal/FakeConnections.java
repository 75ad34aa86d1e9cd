package io.mqttha.client.internal;

import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.RejectedByBrokerException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Connections without a network: tests decide which nodes are down and when acknowledgements come. */
final class FakeConnections implements ConnectionFactory {

    /** Every operation, as "verb argument@node", in the order the client issued them. */
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
    /** Nodes that answer CONNECT, connections and probes alike, with "not authorized" (0x87). */
    final Set<BrokerAddress> refusing = ConcurrentHashMap.newKeySet();
    /** Every message handed to a connection, in order, as the client sent it (continuity properties included). */
    final List<OutboundMessage> published = new CopyOnWriteArrayList<>();
    final Set<BrokerAddress> down = ConcurrentHashMap.newKeySet();
    /** Nodes that accept connections and requests but never answer publishes. */
    final Set<BrokerAddress> silent = ConcurrentHashMap.newKeySet();
    /** Nodes whose broker dies just as the next publish reaches it. */
    final Set<BrokerAddress> dieOnPublish = ConcurrentHashMap.newKeySet();
    /** Topic filters every node refuses (reason code 0x87, not authorized). */
    final Set<String> refusedFilters = ConcurrentHashMap.newKeySet();

    @Override
    public BrokerConnection create(BrokerAddress node, ConnectionEvents events, boolean standby) {
        FakeConnection connection = new FakeConnection(node, events);
        connections.add(connection);
        return connection;
    }

    @Override
    public CompletableFuture<Duration> probe(BrokerAddress node) {
        log.add("probe@" + node);
        return down.contains(node)
                ? CompletableFuture.failedFuture(new ConnectionLostException(node, "refused", null))
                : refusing.contains(node) ? CompletableFuture.failedFuture(notAuthorized(node))
                : CompletableFuture.completedFuture(Duration.ofMillis(1));
    }

    FakeConnection current() {
        return connections.stream().filter(c -> c.open).reduce((a, b) -> b).orElseThrow();
    }

    static AuthenticationFailedException notAuthorized(BrokerAddress node) {
        return new AuthenticationFailedException(node, 0x87, "connect refused by " + node + ": not authorized", null);
    }

    final class FakeConnection implements BrokerConnection {
        final BrokerAddress node;
        final ConnectionEvents events;
        final List<CompletableFuture<Void>> unanswered = new CopyOnWriteArrayList<>();
        volatile boolean open;

        FakeConnection(BrokerAddress node, ConnectionEvents events) {
            this.node = node;
            this.events = events;
        }

        @Override
        public BrokerAddress node() {
            return node;
        }

        @Override
        public CompletableFuture<Void> connect() {
            log.add("connect@" + node);
            if (down.contains(node)) {
                return CompletableFuture.failedFuture(new ConnectionLostException(node, "connection refused", null));
            }
            if (refusing.contains(node)) {
                return CompletableFuture.failedFuture(notAuthorized(node));
            }
            open = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<List<Optional<HaMqttException>>> subscribe(List<Filter> filters) {
            log.add("subscribe " + filters.stream().map(Filter::topicFilter).collect(Collectors.joining(",")) + "@" + node);
            return CompletableFuture.completedFuture(filters.stream()
                    .map(f -> refusedFilters.contains(f.topicFilter())
                            ? Optional.<HaMqttException>of(new RejectedByBrokerException(node, 0x87,
                                    "subscribe to '" + f.topicFilter() + "' refused"))
                            : Optional.<HaMqttException>empty())
                    .toList());
        }

        @Override
        public CompletableFuture<Void> unsubscribe(String topicFilter) {
            log.add("unsubscribe " + topicFilter + "@" + node);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publish(OutboundMessage message) {
            log.add("publish " + new String(message.payload(), StandardCharsets.UTF_8) + "@" + node);
            if (dieOnPublish.remove(node)) {
                die();
                return CompletableFuture.failedFuture(new ConnectionLostException(node, "connection closed", null));
            }
            published.add(message);
            if (silent.contains(node)) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                unanswered.add(ack);
                return ack;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> close() {
            open = false;
            return CompletableFuture.completedFuture(null);
        }

        /** The broker process dies: in-flight requests fail and the loss is reported. */
        void die() {
            open = false;
            ConnectionLostException lost = new ConnectionLostException(node, "connection closed", null);
            unanswered.forEach(f -> f.completeExceptionally(lost));
            events.onLost(this, lost);
        }
    }
}
