package io.mqttha.client.internal;

import io.mqttha.client.AuthenticationFailedEvent;
import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns what the engine learns about a node (a connection made, a failure, a probe's answer) into the
 * {@link NodeTracker}'s state and the events that report it. A refusal of the credentials is not a failure
 * like the others: the node becomes {@link NodeState#REFUSED}, waits the authentication retry interval and is
 * reported on its own.
 */
final class NodeHealthRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHealthRecorder.class);

    private final NodeTracker nodes;
    private final EventDispatcher events;
    private final ClientCounters counters;
    private final Clock clock;

    NodeHealthRecorder(NodeTracker nodes, EventDispatcher events, ClientCounters counters, Clock clock) {
        this.nodes = nodes;
        this.events = events;
        this.counters = counters;
        this.clock = clock;
    }

    /** A connection to {@code node} that was opened at {@code startedAt} completed its handshake. */
    void connected(BrokerAddress node, Instant startedAt) {
        nodes.connected(node, Duration.between(startedAt, clock.instant())).ifPresent(events::health);
    }

    /** An established connection to {@code node} ended with {@code cause}. */
    void lost(BrokerAddress node, HaMqttException cause) {
        nodes.failed(node, Failures.stateAfter(cause)).ifPresent(events::health);
    }

    /** A probe of {@code node} saw it in {@code state}; {@code rtt} is null unless it answered. */
    void probed(BrokerAddress node, NodeState state, Duration rtt) {
        nodes.report(node, state, rtt).ifPresent(events::health);
    }

    /** An attempt to reach {@code node} failed with {@code cause}. */
    void failed(BrokerAddress node, HaMqttException cause) {
        if (!(cause instanceof AuthenticationFailedException refusal)) {
            lost(node, cause);
            return;
        }
        counters.authenticationFailures.increment();
        nodes.refused(node).ifPresent(events::health);
        int code = Failures.reasonCode(refusal, node);
        String reason = AuthenticationCodes.describe(code);
        Instant now = clock.instant();
        Instant retryAt = nodes.retryAt(node);
        LOG.warn("{} refused this client's credentials: {} ({}); not trying it again for {} s", node, reason,
                AuthenticationCodes.format(code), Duration.between(now, retryAt).toSeconds());
        AuthenticationFailedEvent event = new AuthenticationFailedEvent(node, code, reason, retryAt, refusal, now);
        events.emit(l -> l.onAuthenticationFailed(event));
    }
}
