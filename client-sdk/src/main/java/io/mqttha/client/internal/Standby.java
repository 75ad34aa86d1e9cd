package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The standby: a second connection, on another node, that holds the same subscriptions and keeps what it
 * receives for a short while, so that the loss of the main connection costs subscribers no gap. It is
 * opened once the client is ready and has subscriptions, and promoted when the main connection dies.
 */
final class Standby {

    private static final Logger LOG = LoggerFactory.getLogger(Standby.class);

    private final HaClientConfig config;
    private final Object lock;
    private final Clock clock;
    private final NodeTracker nodes;
    private final NodeSelector selector;
    private final NodeHealthRecorder health;
    private final SubscriptionRegistry subscriptions;
    private final Link.Context links;
    private Link link;
    private volatile BrokerAddress readyNode;

    Standby(HaClientConfig config, Object lock, Clock clock, NodeTracker nodes, NodeSelector selector,
            NodeHealthRecorder health, SubscriptionRegistry subscriptions, Link.Context links) {
        this.config = config;
        this.lock = lock;
        this.clock = clock;
        this.nodes = nodes;
        this.selector = selector;
        this.health = health;
        this.subscriptions = subscriptions;
        this.links = links;
    }

    /** The node of a standby whose subscriptions are all in place. Read without the lock. */
    Optional<BrokerAddress> readyNode() {
        return Optional.ofNullable(readyNode);
    }

    /** The standby link, connected or not, or null. */
    Link link() {
        return link;
    }

    /** Whether a standby with every subscription in place can take over now. */
    boolean ready() {
        return link != null && link.synced;
    }

    /**
     * Opens a standby on the best node other than {@code main} and {@code avoid} if subscriptions need one and
     * none is open. Called while the client is ready.
     */
    void ensure(BrokerAddress main, BrokerAddress avoid) {
        if (!config.standbySubscriptions() || link != null || subscriptions.isEmpty()) {
            return;
        }
        List<NodeSelector.Candidate> others = new ArrayList<>();
        for (NodeSelector.Candidate c : nodes.candidates()) {
            boolean reportedBad = config.healthProbing() && c.reportedBad();
            if (!reportedBad && !c.address().equals(main) && !c.address().equals(avoid)) {
                others.add(c);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        NodeSelector.Choice choice = selector.select(others, main, clock.instant());
        if (choice.node() == null) {
            return; // every other node is backing off; the watchdog asks again, and so does a probe that finds one
        }
        Link opened = new Link(choice.node(), true, links);
        link = opened;
        Failures.guarded(opened.connection::connect)
                .whenCompleteAsync((v, e) -> connected(opened, e), links.threads().coordinator());
    }

    /** Takes the ready standby out, for the engine to make it the main connection. */
    Link promote() {
        Link promoted = link;
        link = null;
        readyNode = null;
        return promoted;
    }

    /** Takes the standby out as the client closes; the engine closes its connection with the others. */
    Link detach() {
        return promote();
    }

    /** Handles the loss of {@code lost} if it is the standby; returns whether it was. */
    boolean lost(Link lost, ConnectionLostException cause) {
        if (lost != link) {
            return false;
        }
        LOG.info("Lost standby {}: {}", lost.node, cause.getMessage());
        drop();
        health.lost(lost.node, cause);
        return true;
    }

    /** Closes the standby, if any. */
    void drop() {
        if (link != null) {
            link.connection.close();
            link = null;
            readyNode = null;
        }
    }

    /** Closes the standby if it is on {@code node}. */
    void dropIfOn(BrokerAddress node) {
        if (link != null && link.node.equals(node)) {
            drop();
        }
    }

    private void connected(Link opened, Throwable failure) {
        synchronized (lock) {
            if (link != opened) {
                opened.connection.close();
                return;
            }
            if (failure != null) {
                link = null;
                HaMqttException cause = Failures.asHaException(failure, opened.node);
                LOG.info("Standby connection to {} failed: {}", opened.node, cause.getMessage());
                health.failed(opened.node, cause);
                return;
            }
            opened.connected = true;
            health.connected(opened.node, opened.startedAt);
            subscriptions.restore(opened, () -> {
                synchronized (lock) {
                    if (link == opened) {
                        opened.synced = true;
                        readyNode = opened.node;
                        LOG.info("Standby subscriptions ready on {}", opened.node);
                    }
                }
            });
        }
    }
}
