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
final class PlannedSwitch implements LinkOpener.Outcome {

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
    private final Clock clock;
    private final NodeChoice choice;
    private final LinkOpener opener;
    private final NodeHealthRecorder health;
    private final PublishPipeline publishes;
    private final Standby standby;
    private final EventDispatcher events;
    private final ClientCounters counters;
    private Host host;
    private Link successor;
    private boolean draining;
    private Instant drainDeadline;

    PlannedSwitch(HaClientConfig config, Clock clock, NodeChoice choice, LinkOpener opener, NodeHealthRecorder health,
            PublishPipeline publishes, Standby standby, EventDispatcher events, ClientCounters counters) {
        this.config = config;
        this.clock = clock;
        this.choice = choice;
        this.opener = opener;
        this.health = health;
        this.publishes = publishes;
        this.standby = standby;
        this.events = events;
        this.counters = counters;
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
        choice.plannedSwitch(main).ifPresent(target -> {
            standby.dropIfOn(target);
            successor = opener.open(target, false, this);
        });
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

    @Override
    public boolean wanted(Link link) {
        return link == successor;
    }

    @Override
    public void failed(Link link, HaMqttException cause) {
        abandon(cause);
    }

    @Override
    public void synced(Link link) {
        Link main = host.readyLink();
        if (main == null) {
            return;
        }
        draining = true;
        drainDeadline = clock.instant().plus(config.hangDetectionTimeout());
        if (publishes.drained(main)) {
            switchToSuccessor();
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
