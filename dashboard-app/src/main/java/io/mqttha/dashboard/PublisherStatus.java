package io.mqttha.dashboard;

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
     * The status as people read it.
     *
     * @return {@code online}, {@code silent}, {@code offline} or {@code unknown}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
