package io.mqttha.client;

/**
 * Receives the client's events; override only what you need.
 *
 * <p>All methods of all listeners of one client are called one at a time on that client's callback lane, in
 * the order the events happened, never on a network thread. A listener that blocks delays later events and
 * publish future completions, but never detection or failover. Exceptions thrown by a listener are logged
 * and otherwise ignored.
 */
public interface HaClientListener {

    /**
     * The client is ready on a node.
     *
     * @param event the details
     */
    default void onConnected(ConnectedEvent event) {
    }

    /**
     * The client lost its node.
     *
     * @param event the details, with the cause
     */
    default void onDisconnected(DisconnectedEvent event) {
    }

    /**
     * The client moved to another node.
     *
     * @param event from, to and how long it took
     */
    default void onFailover(FailoverEvent event) {
    }

    /**
     * A node's state changed.
     *
     * @param event the health before and after
     */
    default void onNodeHealthChanged(NodeHealthEvent event) {
    }

    /**
     * The offline buffer overflowed.
     *
     * @param event what was dropped or refused
     */
    default void onBufferOverflow(BufferOverflowEvent event) {
    }

    /**
     * A node refused this client's credentials. It is reported separately from {@link #onNodeHealthChanged}
     * because it needs a person, not a failover: the client only retries that node after
     * {@link HaClientConfig#authenticationRetryInterval()}.
     *
     * @param event the node, the broker's reason code and when the client tries again
     */
    default void onAuthenticationFailed(AuthenticationFailedEvent event) {
    }
}
