package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The standby: a second connection, on another node, that holds the same subscriptions and keeps what it
 * receives for a short while, so that the loss of the main connection costs subscribers no gap. It is
 * opened once the client is ready and has subscriptions, and promoted when the main connection dies.
 */
final class Standby implements LinkOpener.Outcome {

    private static final Logger LOG = LoggerFactory.getLogger(Standby.class);

    /**
     * Longest wait before a lost or promoted standby is replaced, each client drawing its own share: when a node
     * dies, every client whose main or standby was there needs a new standby, and a fleet opening them all at
     * once slows every client's traffic on the surviving nodes.
     */
    static final Duration REPLACEMENT_SPREAD = Duration.ofSeconds(1);

    private final HaClientConfig config;
    private final NodeChoice choice;
    private final LinkOpener opener;
    private final NodeHealthRecorder health;
    private final SubscriptionRegistry subscriptions;
    private final Clock clock;
    private final DoubleSupplier random;
    private Link link;
    /** No replacement standby before this time; null before the first standby. */
    private Instant replaceAfter;
    private volatile BrokerAddress readyNode;

    Standby(HaClientConfig config, NodeChoice choice, LinkOpener opener, NodeHealthRecorder health,
            SubscriptionRegistry subscriptions, Clock clock, DoubleSupplier random) {
        this.config = config;
        this.choice = choice;
        this.opener = opener;
        this.health = health;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.random = random;
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
     * none is open, and the replacement wait after a lost or promoted one is over. Called while the client is
     * ready; when every other node backs off or the wait is not over, the watchdog asks again, and so does a
     * probe that finds a node.
     */
    void ensure(BrokerAddress main, BrokerAddress avoid) {
        if (!config.standbySubscriptions() || link != null || subscriptions.isEmpty()
                || replaceAfter != null && clock.instant().isBefore(replaceAfter)) {
            return;
        }
        choice.standby(main, avoid).ifPresent(node -> link = opener.open(node, true, this));
    }

    /** Takes the ready standby out, for the engine to make it the main connection. */
    Link promote() {
        Link promoted = link;
        link = null;
        readyNode = null;
        waitBeforeReplacing();
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
        waitBeforeReplacing();
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

    private void waitBeforeReplacing() {
        replaceAfter = clock.instant().plusNanos((long) (REPLACEMENT_SPREAD.toNanos() * random.getAsDouble()));
    }

    @Override
    public boolean wanted(Link opened) {
        return opened == link;
    }

    @Override
    public void failed(Link opened, HaMqttException cause) {
        link = null;
        LOG.info("Standby connection to {} failed: {}", opened.node, cause.getMessage());
        health.failed(opened.node, cause);
    }

    @Override
    public void synced(Link opened) {
        opened.synced = true;
        readyNode = opened.node;
        LOG.info("Standby subscriptions ready on {}", opened.node);
    }
}
