package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Moves the client to another main connection without a gap while the current one still works:
 * back to the preferred node once it has been up for the failback delay, or to a fresh connection on the
 * same node after a standby, which has no last will, took over. Make-before-break: the successor
 * connects and restores the subscriptions first; then new publishes wait until the old connection's
 * in-flight ones are acknowledged (or the hang timeout passes), so nothing is sent twice and order is kept.
 */
final class PlannedSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(PlannedSwitch.class);

    /** What the planned switch needs from the engine. */
    interface Host {
        /** The main connection while the client is ready, else null. */
        Link readyLink();

        /** Makes {@code next} the main connection and returns the one it replaces. */
        Link replaceMain(Link next);

        /** The successor is the main connection now; keep a standby beside it. */
        void switched();
    }

    private final HaClientConfig config;
    private final Object lock;
    private final Clock clock;
    private final NodeTracker nodes;
    private final NodeSelector selector;
    private final NodeHealthRecorder health;
    private final SubscriptionRegistry subscriptions;
    private final PublishPipeline publishes;
    private final Standby standby;
    private final EventDispatcher events;
    private final ClientCounters counters;
    private final Link.Context links;
    private Host host;
    private Link successor;
    private boolean draining;
    private Instant drainDeadline;

    PlannedSwitch(HaClientConfig config, Object lock, Clock clock, NodeTracker nodes, NodeSelector selector,
            NodeHealthRecorder health, SubscriptionRegistry subscriptions, PublishPipeline publishes,
            Standby standby, EventDispatcher events, ClientCounters counters, Link.Context links) {
        this.config = config;
        this.lock = lock;
        this.clock = clock;
        this.nodes = nodes;
        this.selector = selector;
        this.health = health;
        this.subscriptions = subscriptions;
        this.publishes = publishes;
        this.standby = standby;
        this.events = events;
        this.counters = counters;
        this.links = links;
    }

    void attach(Host engine) {
        this.host = engine;
    }

    /** Whether new publishes wait for the main connection's in-flight ones before the switch. */
    boolean draining() {
        return draining;
    }

    /** The connection being prepared, or null. */
    Link successor() {
        return successor;
    }

    /** The successor's node, or null: the standby must not share it. */
    BrokerAddress successorNode() {
        return successor == null ? null : successor.node;
    }

    /** Starts a switch if one is due; called by the watchdog while the client is ready. */
    void maybeStart(Link main) {
        if (successor != null || draining) {
            return;
        }
        BrokerAddress target = null;
        if (main.standbyRole && config.lastWill().isPresent()) {
            target = main.node;
        } else if (config.healthProbing() && selector.wantsFailback(main.node)
                && nodes.upFor(selector.preferred().orElseThrow(), config.failbackDelay())) {
            target = selector.preferred().orElseThrow();
            LOG.info("Preferred node {} is back; preparing failback from {}", target, main.node);
        }
        if (target == null) {
            return;
        }
        standby.dropIfOn(target);
        Link link = new Link(target, false, links);
        successor = link;
        Failures.guarded(link.connection::connect)
                .whenCompleteAsync((v, e) -> connected(link, e), links.threads().coordinator());
    }

    /** Switches once the drain deadline has passed; called by the watchdog. */
    void checkDeadline() {
        if (draining && successor != null && !clock.instant().isBefore(drainDeadline)) {
            switchToSuccessor();
        }
    }

    /** A publish on {@code link} completed during the drain: switch once the main connection has none left. */
    void completedWhileDraining(Link link) {
        Link main = host.readyLink();
        if (link == main && publishes.drained(link)) {
            switchToSuccessor();
        }
    }

    /** Gives the switch up: the successor failed, or the main connection was lost. */
    void abandon(HaMqttException cause) {
        Link link = successor;
        successor = null;
        link.connection.close();
        LOG.info("Planned switch to {} abandoned: {}", link.node, cause.getMessage());
        health.failed(link.node, cause);
        if (draining) {
            draining = false;
            Link main = host.readyLink();
            if (main != null) {
                publishes.sendWaiting(main);
            }
        }
    }

    /** Takes the successor out as the client closes; the engine closes its connection with the others. */
    Link detach() {
        Link link = successor;
        successor = null;
        return link;
    }

    private void connected(Link link, Throwable failure) {
        synchronized (lock) {
            if (successor != link) {
                link.connection.close();
                return;
            }
            if (failure != null) {
                abandon(Failures.asHaException(failure, link.node));
                return;
            }
            link.connected = true;
            health.connected(link.node, link.startedAt);
            subscriptions.restore(link, () -> synced(link));
        }
    }

    private void synced(Link link) {
        synchronized (lock) {
            Link main = host.readyLink();
            if (successor != link || main == null) {
                return;
            }
            draining = true;
            drainDeadline = clock.instant().plus(config.hangDetectionTimeout());
            if (publishes.drained(main)) {
                switchToSuccessor();
            }
        }
    }

    private void switchToSuccessor() {
        Link next = successor;
        successor = null;
        draining = false;
        Link old = host.replaceMain(next);
        publishes.release(old);
        publishes.sendWaiting(next);
        old.connection.close();
        if (old.node.equals(next.node)) {
            LOG.info("Replaced the promoted standby on {} with a main connection", next.node);
            return;
        }
        counters.failbacks.increment();
        Instant now = clock.instant();
        Duration took = Duration.between(next.startedAt, now);
        LOG.info("Failed back from {} to preferred node {} in {} ms", old.node, next.node, took.toMillis());
        events.failover(old.node, next.node, took, true, now);
        events.connected(next.node, now);
        host.switched();
    }
}
