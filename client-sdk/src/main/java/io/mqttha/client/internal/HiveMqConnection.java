package io.mqttha.client.internal;

import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.RejectedByBrokerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The protocol-independent part of a connection over the HiveMQ client: it turns the library's lifecycle
 * callbacks into exactly one {@link ConnectionEvents#onLost} per established connection, and never one
 * after {@link #close()}.
 */
abstract class HiveMqConnection implements BrokerConnection {

    final BrokerAddress node;
    final ConnectionEvents events;
    /** Set on the network thread at CONNACK, before any disconnect of the same connection can be seen. */
    private final AtomicBoolean established = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean lostReported = new AtomicBoolean();
    /** Sends the version's CONNECT; set once by the subclass's constructor. */
    private Supplier<CompletableFuture<?>> sendConnect;
    /** Sends the version's DISCONNECT; set once by the subclass's constructor. */
    private Supplier<CompletableFuture<Void>> sendDisconnect;

    HiveMqConnection(BrokerAddress node, ConnectionEvents events) {
        this.node = node;
        this.events = events;
    }

    /** Hands over how this version's client connects and disconnects; called once, by the constructor. */
    final void handshakes(Supplier<CompletableFuture<?>> connect, Supplier<CompletableFuture<Void>> disconnect) {
        this.sendConnect = connect;
        this.sendDisconnect = disconnect;
    }

    @Override
    public BrokerAddress node() {
        return node;
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        sendConnect.get().whenComplete((ignored, failure) -> {
            if (failure != null) {
                result.completeExceptionally(HiveMqErrors.translate(failure, node, "connect"));
            } else if (closed.get()) {
                // close() raced with the handshake; the library cannot abort a connect, so undo it here.
                sendDisconnect.get();
                result.completeExceptionally(new ConnectionLostException(node, "closed while connecting", null));
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closed.compareAndSet(false, true)) {
            return sendDisconnect.get().exceptionally(ignored -> null);
        }
        return CompletableFuture.completedFuture(null);
    }

    boolean isClosed() {
        return closed.get();
    }

    void onConnected() {
        established.set(true);
    }

    void onDisconnected(MqttClientDisconnectedContext context) {
        if (!established.get() || closed.get() || !lostReported.compareAndSet(false, true)) {
            return;
        }
        HaMqttException cause = HiveMqErrors.translate(context.getCause(), node, "connection");
        events.onLost(this, cause instanceof ConnectionLostException lost
                ? lost : new ConnectionLostException(node, cause.getMessage(), cause));
    }

    /** Completes {@code result} from {@code source}, failing it with the SDK's exception for any error. */
    <T> CompletableFuture<Void> translated(CompletableFuture<T> source, String what, Function<T, Throwable> errorOf) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        source.whenComplete((value, failure) -> {
            Throwable error = failure != null ? failure : errorOf.apply(value);
            if (error == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(HiveMqErrors.translate(error, node, what));
            }
        });
        return result;
    }

    /** What a SUBSCRIBE of {@code filters} was, for messages: "subscribe to 'a', 'b'". */
    static String describe(List<Filter> filters) {
        StringBuilder text = new StringBuilder("subscribe to ");
        for (int i = 0; i < filters.size(); i++) {
            if (i == 3 && filters.size() > 4) {
                return text.append("and ").append(filters.size() - 3).append(" more filters").toString();
            }
            text.append('\'').append(filters.get(i).topicFilter()).append(i < filters.size() - 1 ? "', " : "'");
        }
        return text.toString();
    }

    /**
     * The outcome of each filter of a SUBSCRIBE, from the SUBACK of either MQTT version. The library fails the
     * whole request when every filter was refused; the failure still carries the SUBACK.
     *
     * @param request      the library's SUBSCRIBE future
     * @param errorCodes   per filter of a SUBACK, in order: the broker's error code, or -1 where it granted it
     * @param refusedAck   the SUBACK a failure carries, or null if it carries none
     * @param <A>          the version's SUBACK type
     */
    <A> CompletableFuture<List<Optional<HaMqttException>>> subscribeOutcomes(CompletableFuture<A> request,
            List<Filter> filters, Function<A, List<Integer>> errorCodes, Function<Throwable, A> refusedAck) {
        CompletableFuture<List<Optional<HaMqttException>>> result = new CompletableFuture<>();
        request.whenComplete((subAck, failure) -> {
            A ack = failure == null ? subAck : refusedAck.apply(HiveMqErrors.unwrap(failure));
            List<Integer> codes = ack == null ? null : errorCodes.apply(ack);
            if (codes == null || codes.size() != filters.size()) {
                result.completeExceptionally(HiveMqErrors.translate(failure != null ? failure
                        : new IllegalStateException("SUBACK has " + codes.size() + " codes for "
                                + filters.size() + " filters"), node, describe(filters)));
                return;
            }
            result.complete(outcomes(filters, codes));
        });
        return result;
    }

    private List<Optional<HaMqttException>> outcomes(List<Filter> filters, List<Integer> errorCodes) {
        List<Optional<HaMqttException>> outcomes = new ArrayList<>(filters.size());
        for (int i = 0; i < filters.size(); i++) {
            int code = errorCodes.get(i);
            outcomes.add(code < 0 ? Optional.empty() : Optional.of(new RejectedByBrokerException(node, code,
                    "subscribe to '" + filters.get(i).topicFilter() + "' refused by " + node + " with reason code 0x"
                            + Integer.toHexString(code))));
        }
        return outcomes;
    }
}
