package io.mqttha.client;

/** What the client knows about a node's liveness. */
public enum NodeState {
    /** Not probed or connected to yet. */
    UNKNOWN,
    /** Completed an MQTT handshake recently. */
    UP,
    /** Refused or closed connections, or could not be reached. */
    DOWN,
    /** Accepted a TCP connection but did not answer MQTT in time, e.g. a frozen (SIGSTOP) process. */
    HUNG,
    /**
     * Answers MQTT but refuses this client's credentials (see {@link AuthenticationFailedException}); alive,
     * but of no use until the credentials or the broker's password file change. Tried again only after
     * {@link HaClientConfig#authenticationRetryInterval()}.
     */
    REFUSED
}
