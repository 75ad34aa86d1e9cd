package io.mqttha.client.internal;

import io.mqttha.client.BackoffPolicy;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.NodeHealthEvent;
import io.mqttha.client.NodeState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * What the client knows about every node: its health (from probes and from the client's own connection
 * attempts) and its backoff. Thread-safe.
 */
final class NodeTracker {

    private final Clock clock;
    private final BackoffPolicy backoff;
    private final Duration authenticationRetryInterval;
    private final DoubleSupplier random;
    private final Map<BrokerAddress, Node> nodes = new LinkedHashMap<>();

    NodeTracker(List<BrokerAddress> addresses, BackoffPolicy backoff, Duration authenticationRetryInterval, Clock clock,
            DoubleSupplier random) {
        this.clock = clock;
        this.backoff = backoff;
        this.authenticationRetryInterval = authenticationRetryInterval;
        this.random = random;
        Instant now = clock.instant();
        for (BrokerAddress address : addresses) {
            nodes.put(address, new Node(address, now));
        }
    }

    /**
     * Records a verdict about a node.
     *
     * @param rtt the CONNECT-to-CONNACK time if the node answered, else null (the previous one is kept)
     * @return the event to publish if the state changed
     */
    synchronized Optional<NodeHealthEvent> report(BrokerAddress address, NodeState state, Duration rtt) {
        Node node = node(address);
        NodeHealth before = node.health();
        if (rtt != null) {
            node.rtt = rtt;
        }
        if (state == node.state) {
            return Optional.empty();
        }
        if (state == NodeState.UP) {
            // A node seen answering again deserves an immediate attempt, whatever its backoff said.
            node.retryAt = null;
        }
        node.state = state;
        node.lastChange = clock.instant();
        return Optional.of(new NodeHealthEvent(before, node.health()));
    }

    /** The client connected to the node; returns the event to publish if its state changed. */
    synchronized Optional<NodeHealthEvent> connected(BrokerAddress address, Duration rtt) {
        node(address).connectedAt = clock.instant();
        return report(address, NodeState.UP, rtt);
    }

    /**
     * A connection attempt failed or an established connection was lost: the node backs off.
     *
     * @return the event to publish if its state changed
     */
    synchronized Optional<NodeHealthEvent> failed(BrokerAddress address, NodeState state) {
        if (state == NodeState.REFUSED) {
            return refused(address);
        }
        Node node = node(address);
        Instant now = clock.instant();
        // A connection that lasted longer than the longest backoff proves the node had recovered, so its
        // earlier failures no longer count; one that died young keeps the delay growing.
        if (node.connectedAt != null && Duration.between(node.connectedAt, now).compareTo(backoff.max()) >= 0) {
            node.failures = 0;
        }
        node.connectedAt = null;
        node.failures++;
        node.retryAt = now.plus(backoff.delayAfter(node.failures, random.getAsDouble()));
        return report(address, state, null);
    }

    /**
     * The node refused the client's credentials: it waits the authentication retry interval, spread up to
     * the backoff's jitter later, whatever its failure count. The failure count and connection time are
     * left alone, because a refused probe says nothing about a connection already open on the node.
     *
     * @return the event to publish if its state changed
     */
    synchronized Optional<NodeHealthEvent> refused(BrokerAddress address) {
        Node node = node(address);
        long spread = (long) (authenticationRetryInterval.toNanos() * backoff.jitter() * random.getAsDouble());
        node.retryAt = clock.instant().plus(authenticationRetryInterval).plusNanos(spread);
        return report(address, NodeState.REFUSED, null);
    }

    /** Tells whether the node refused the credentials and its authentication retry interval has not passed. */
    synchronized boolean refusing(BrokerAddress address) {
        Node node = node(address);
        return node.state == NodeState.REFUSED && node.retryAt != null && node.retryAt.isAfter(clock.instant());
    }

    /** When the node may be tried again, or null if it is not waiting. */
    synchronized Instant retryAt(BrokerAddress address) {
        return node(address).retryAt;
    }

    /** Health of every node in configured order. */
    synchronized List<NodeHealth> snapshot() {
        List<NodeHealth> result = new ArrayList<>(nodes.size());
        nodes.values().forEach(n -> result.add(n.health()));
        return List.copyOf(result);
    }

    /** Health of one node. */
    synchronized NodeHealth health(BrokerAddress address) {
        return node(address).health();
    }

    /** What node selection needs to know, in configured order. */
    synchronized List<NodeSelector.Candidate> candidates() {
        List<NodeSelector.Candidate> result = new ArrayList<>(nodes.size());
        nodes.values().forEach(n -> result.add(new NodeSelector.Candidate(n.address, n.state, n.retryAt)));
        return result;
    }

    /** Tells whether the node has been up, and free of backoff, for at least {@code period}. */
    synchronized boolean upFor(BrokerAddress address, Duration period) {
        Node node = node(address);
        Instant now = clock.instant();
        return node.state == NodeState.UP && (node.retryAt == null || !node.retryAt.isAfter(now))
                && Duration.between(node.lastChange, now).compareTo(period) >= 0;
    }

    private Node node(BrokerAddress address) {
        Node node = nodes.get(address);
        if (node == null) {
            throw new IllegalArgumentException("Unknown node " + address);
        }
        return node;
    }

    private static final class Node {
        final BrokerAddress address;
        NodeState state = NodeState.UNKNOWN;
        Duration rtt;
        Instant lastChange;
        int failures;
        Instant retryAt;
        Instant connectedAt;

        Node(BrokerAddress address, Instant created) {
            this.address = address;
            this.lastChange = created;
        }

        NodeHealth health() {
            return new NodeHealth(address, state, Optional.ofNullable(rtt), lastChange);
        }
    }
}
