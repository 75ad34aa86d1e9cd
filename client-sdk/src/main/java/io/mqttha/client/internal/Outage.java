package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * The time without a main connection, from the first loss until the client is ready again, however many nodes
 * it tried in between; its end is a failover, counted and reported.
 */
final class Outage {

    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);

    private final EventDispatcher events;
    private final ClientCounters counters;
    private Instant since;
    private BrokerAddress from;

    Outage(EventDispatcher events, ClientCounters counters) {
        this.events = events;
        this.counters = counters;
    }

    /** The main connection to {@code node} was lost; an outage already running keeps its start. */
    void begin(BrokerAddress node, Instant now) {
        if (since == null) {
            since = now;
            from = node;
        }
    }

    /** The client is ready on {@code node}: ends the outage, if one runs, as a failover. */
    void endOn(BrokerAddress node, int resent, boolean viaStandby, Instant now) {
        if (since == null) {
            LOG.info("Connected to {}", node);
            return;
        }
        Duration took = Duration.between(since, now);
        counters.failovers.increment();
        LOG.info("Failed over from {} to {}{} in {} ms, re-sending {} publishes", from, viaStandby ? "standby " : "",
                node, took.toMillis(), resent);
        events.failover(from, node, took, false, now);
        since = null;
        from = null;
    }
}
