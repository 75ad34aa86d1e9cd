package io.mqttha.dashboard;

import java.time.Instant;
import java.util.Objects;

/**
 * One event in the dashboard's timeline.
 *
 * @param time    when it happened
 * @param kind    what kind of event
 * @param subject the node or publisher it concerns, or {@code dashboard}
 * @param text    a sentence describing it
 */
public record TimelineEntry(Instant time, Kind kind, String subject, String text) {

    /** Checks for nulls. */
    public TimelineEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    /** The kinds of timeline events. */
    public enum Kind {
        /** A node stopped answering. */
        NODE_DOWN,
        /** A node accepts TCP but does not answer MQTT. */
        NODE_HUNG,
        /** A node answers but refuses the dashboard's login. */
        NODE_REFUSED,
        /** A node answers again (or for the first time). */
        NODE_UP,
        /** A connection moved to another node; the text gives its duration. */
        FAILOVER,
        /** A publisher's status turned offline. */
        PUBLISHER_OFFLINE,
        /** A publisher's status turned online. */
        PUBLISHER_ONLINE,
        /** A publisher says online but its heartbeats stopped. */
        PUBLISHER_SILENT,
        /** Every retained state value was seen at its newest version after a disturbance. */
        RETAINED_CONVERGED,
        /** Continuity tracking found messages missing. */
        MESSAGES_MISSING,
        /** A control command was requested, completed or failed. */
        CONTROL
    }
}
