package io.mqttha.client;

import java.util.Objects;
import java.util.function.Consumer;

/** A listener that hands the events of one type to a handler: what the {@code on…} methods of the client add. */
final class TypedListener<E> implements HaClientListener {

    private final Class<E> type;
    private final Consumer<? super E> handler;

    private TypedListener(Class<E> type, Consumer<? super E> handler) {
        this.type = type;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    static <E> HaClientListener of(Class<E> type, Consumer<? super E> handler) {
        return new TypedListener<>(type, handler);
    }

    @Override
    public void onConnected(ConnectedEvent event) {
        deliver(event);
    }

    @Override
    public void onDisconnected(DisconnectedEvent event) {
        deliver(event);
    }

    @Override
    public void onFailover(FailoverEvent event) {
        deliver(event);
    }

    @Override
    public void onNodeHealthChanged(NodeHealthEvent event) {
        deliver(event);
    }

    @Override
    public void onBufferOverflow(BufferOverflowEvent event) {
        deliver(event);
    }

    @Override
    public void onAuthenticationFailed(AuthenticationFailedEvent event) {
        deliver(event);
    }

    private void deliver(Object event) {
        if (type.isInstance(event)) {
            handler.accept(type.cast(event));
        }
    }

    @Override
    public String toString() {
        return "handler of " + type.getSimpleName() + " " + handler;
    }
}
