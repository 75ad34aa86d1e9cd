package io.mqttha.dashboard;

import io.mqttha.publisher.PublisherTopics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Whether a publisher is alive, from its retained status and its heartbeats together. */
public enum PublisherStatus {
    /** Status {@code online} and a recent heartbeat. */
    ONLINE,
    /** Status {@code online} but no heartbeat for longer than {@link DashboardViewModel#HEARTBEAT_TIMEOUT}: hung or cut off. */
    SILENT,
    /** Status {@code offline}: stopped, or its last will fired. */
    OFFLINE,
    /** Nothing heard yet. */
    UNKNOWN;

    /**
     * A publisher's status at {@code time}, from what it said last and when.
     *
     * @param reported        its retained status payload, or null
     * @param reportedAt      when that arrived
     * @param lastHeartbeat   when its latest heartbeat arrived, or null
     * @param heartbeatTimeout how long a publisher may go without a heartbeat before it is silent
     * @return the status
     */
    public static PublisherStatus of(String reported, Instant reportedAt, Instant lastHeartbeat, Instant time,
            Duration heartbeatTimeout) {
        if (PublisherTopics.OFFLINE.equals(reported)) {
            return OFFLINE;
        }
        if (lastHeartbeat != null) {
            return within(lastHeartbeat, time, heartbeatTimeout) ? ONLINE : SILENT;
        }
        if (PublisherTopics.ONLINE.equals(reported)) {
            // A retained "online" can outlive its publisher until the broker fires the last will, so it
            // counts only until a heartbeat should have followed it.
            return within(reportedAt, time, heartbeatTimeout) ? ONLINE : SILENT;
        }
        return UNKNOWN;
    }

    private static boolean within(Instant heard, Instant time, Duration timeout) {
        return Duration.between(heard, time).compareTo(timeout) <= 0;
    }

    /**
     * The status as people read it.
     *
     * @return {@code online}, {@code silent}, {@code offline} or {@code unknown}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
