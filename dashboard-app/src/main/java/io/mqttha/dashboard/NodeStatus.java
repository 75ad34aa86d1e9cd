package io.mqttha.dashboard;

import java.util.Locale;

/** What the dashboard knows of a broker node, as shown on its tile. */
public enum NodeStatus {
    /** Answers MQTT. */
    UP,
    /** Refuses or drops connections. */
    DOWN,
    /** Accepts TCP but does not answer MQTT, for example a paused (SIGSTOP) process. */
    HUNG,
    /**
     * Answers MQTT but refuses the dashboard's login: the node serves, but the dashboard cannot watch it
     * through it (a wrong password file, or a login the node does not know).
     */
    REFUSED,
    /** Not probed yet. */
    UNKNOWN;

    /**
     * The state as people read it.
     *
     * @return {@code up}, {@code down}, {@code hung}, {@code refused} or {@code unknown}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the node is out of service, so that the charts draw an outage band for it.
     *
     * @return true for {@link #DOWN} and {@link #HUNG}
     */
    public boolean isOutage() {
        return this == DOWN || this == HUNG;
    }

    /**
     * The dashboard's view of a state the brokers module probed.
     *
     * @param state a probe result
     * @return the same state
     */
    public static NodeStatus of(io.mqttha.brokers.probe.NodeState state) {
        return valueOf(state.name());
    }

    /**
     * The dashboard's view of a state the client SDK reported.
     *
     * @param state an SDK health verdict
     * @return the same state
     */
    public static NodeStatus of(io.mqttha.client.NodeState state) {
        return valueOf(state.name());
    }
}
