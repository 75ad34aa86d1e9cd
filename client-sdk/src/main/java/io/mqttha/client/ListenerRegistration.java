package io.mqttha.client;

/**
 * A listener added to a client, returned so that it can be removed without keeping the listener itself.
 *
 * <pre>{@code
 * ListenerRegistration failovers = client.onFailover(e -> log.info("moved to {}", e.to()));
 * ...
 * failovers.remove();
 * }</pre>
 */
@FunctionalInterface
public interface ListenerRegistration {

    /** Removes the listener; it is called for no event after this returns. Calling it again does nothing. */
    void remove();
}
