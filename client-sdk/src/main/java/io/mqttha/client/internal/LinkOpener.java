package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaMqttException;

/**
 * Opens a connection beside the main one (a standby, or a planned switch's successor) and carries it through
 * the handshake and the restoring of every subscription, calling back under the client's lock at each outcome.
 */
final class LinkOpener {

    /** What the caller does with each outcome; every method runs under the client's lock. */
    interface Outcome {
        /** Whether the caller still wants {@code link}; if not, it is closed. */
        boolean wanted(Link link);

        /** The connection failed before it was established. */
        void failed(Link link, HaMqttException cause);

        /** Every subscription is in place on {@code link}. */
        void synced(Link link);
    }

    private final Object lock;
    private final NodeHealthRecorder health;
    private final SubscriptionRegistry subscriptions;
    private final Link.Context links;

    LinkOpener(Object lock, NodeHealthRecorder health, SubscriptionRegistry subscriptions, Link.Context links) {
        this.lock = lock;
        this.health = health;
        this.subscriptions = subscriptions;
        this.links = links;
    }

    /** Starts a connection to {@code node} and returns it at once; {@code outcome} hears how it went. */
    Link open(BrokerAddress node, boolean standby, Outcome outcome) {
        Link link = new Link(node, standby, links);
        Failures.guarded(link.connection::connect)
                .whenCompleteAsync((v, e) -> connected(link, e, outcome), links.threads().coordinator());
        return link;
    }

    private void connected(Link link, Throwable failure, Outcome outcome) {
        synchronized (lock) {
            if (!outcome.wanted(link)) {
                link.connection.close();
                return;
            }
            if (failure != null) {
                outcome.failed(link, Failures.asHaException(failure, link.node));
                return;
            }
            link.connected = true;
            health.connected(link.node, link.startedAt);
            subscriptions.restore(link, () -> {
                synchronized (lock) {
                    if (outcome.wanted(link)) {
                        outcome.synced(link);
                    }
                }
            });
        }
    }
}
