package io.mqttha.brokers.probe;

/** What a probe of a broker found. */
public enum NodeState {
    /** Not probed yet. */
    UNKNOWN,
    /** Answers MQTT: a CONNECT was acknowledged. */
    UP,
    /** Refuses or drops TCP connections: the process is gone or not listening. */
    DOWN,
    /** Accepts TCP but does not answer MQTT in time, for example a paused (SIGSTOP) process. */
    HUNG;

    /** The state as people and scripts read it: {@code up}, {@code down}, {@code hung}, {@code unknown}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
