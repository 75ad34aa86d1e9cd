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
    HUNG
}
