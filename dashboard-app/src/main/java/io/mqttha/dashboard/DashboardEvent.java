package io.mqttha.dashboard;

import io.mqttha.client.continuity.ContinuitySnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the dashboard learned, queued by background threads and applied to the
 * {@link DashboardViewModel} in batches on one thread.
 */
public sealed interface DashboardEvent {

    /**
     * A probe or the SDK's health tracking found a node in a state.
     *
     * @param node      the node's name
     * @param status    what was found
     * @param roundTrip the probe's round trip when the node answered
     * @param time      when
     */
    record NodeProbed(String node, NodeStatus status, Optional<Duration> roundTrip, Instant time) implements DashboardEvent {
        /** Checks for nulls. */
        public NodeProbed {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(roundTrip, "roundTrip");
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * The relays reported which of them an edge's bridge is connected to.
     *
     * @param edge  the edge's name
     * @param relay the relay's name, empty when no relay reports the bridge
     */
    record BridgeObserved(String edge, Optional<String> relay) implements DashboardEvent {
        /** Checks for nulls. */
        public BridgeObserved {
            Objects.requireNonNull(edge, "edge");
            Objects.requireNonNull(relay, "relay");
        }
    }

    /**
     * The dashboard's own connection is now on a node, or on none while it fails over.
     *
     * @param node the node's name, empty while disconnected
     * @param time when
     */
    record DashboardConnection(Optional<String> node, Instant time) implements DashboardEvent {
        /** Checks for nulls. */
        public DashboardConnection {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * The dashboard's own connection moved from one node to another.
     *
     * @param from     the node it left
     * @param to       the node it is on now
     * @param duration from losing {@code from} to being ready on {@code to}
     * @param time     when it was ready on {@code to}
     */
    record DashboardFailover(String from, String to, Duration duration, Instant time) implements DashboardEvent {
        /** Checks for nulls. */
        public DashboardFailover {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * A message arrived on the dashboard's subscription.
     *
     * @param topic          the topic
     * @param payload        the payload as text; empty for telemetry, whose content the dashboard never shows,
     *                       so that 20,000 messages a second do not copy their payloads
     * @param qos            the QoS it was delivered with
     * @param retained       whether the broker sent it as a retained message
     * @param node           the node that delivered it
     * @param time           when the dashboard received it
     * @param latencyMillis  receive time minus the publisher's send time, or -1 when the message has no send time
     */
    record MessageArrived(String topic, String payload, int qos, boolean retained, String node, Instant time,
            long latencyMillis) implements DashboardEvent {
        /** Checks for nulls. */
        public MessageArrived {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * The continuity counters of the dashboard's connection at one moment.
     *
     * @param snapshot the SDK's counters
     */
    record ContinuityObserved(ContinuitySnapshot snapshot) implements DashboardEvent {
        /** Checks for nulls. */
        public ContinuityObserved {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /**
     * A control command (kill, pause, resume, restart) finished.
     *
     * @param description what was done, for example {@code kill node-3}
     * @param failure     why it failed, empty when it succeeded
     * @param time        when it finished
     */
    record ControlCompleted(String description, Optional<String> failure, Instant time) implements DashboardEvent {
        /** Checks for nulls. */
        public ControlCompleted {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(time, "time");
        }
    }
}
