package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT connection to one node, used once: opened, used, closed, never reconnected. The client moves
 * to another node by opening a new connection, so no state of a dead session can leak into the next.
 *
 * <p>Futures fail with {@link io.mqttha.client.ConnectionLostException} (or its subclass
 * {@link io.mqttha.client.NodeHungException}) when the connection is the problem, so the request can be
 * retried elsewhere, and with another {@link io.mqttha.client.HaMqttException} when the request itself was
 * refused.
 */
interface BrokerConnection {

    /** The node this connection goes to. */
    BrokerAddress node();

    /** Opens the connection with a clean session; completes on a successful CONNACK. */
    CompletableFuture<Void> connect();

    /** One topic filter of a SUBSCRIBE packet, with the maximum QoS asked for. */
    record Filter(String topicFilter, Qos qos) {
    }

    /**
     * Subscribes to every filter in one SUBSCRIBE packet, answered by one SUBACK. Restoring subscriptions
     * filter by filter cost one round trip each and, worse, a broker that does not set TCP_NODELAY (mosquitto's
     * default) holds back every SUBACK after the first until the client acknowledges that one's TCP segment,
     * which Linux delays by about 40 ms.
     *
     * @param filters at least one
     * @return completes on the SUBACK with one outcome per filter, in order: empty where the broker granted
     *         the subscription, the refusal where it did not; fails as a whole when the request or the
     *         connection failed
     */
    CompletableFuture<List<Optional<HaMqttException>>> subscribe(List<Filter> filters);

    /** Unsubscribes; completes on UNSUBACK. */
    CompletableFuture<Void> unsubscribe(String topicFilter);

    /** Publishes; completes on PUBACK/PUBCOMP, or once written for QoS 0. */
    CompletableFuture<Void> publish(OutboundMessage message);

    /**
     * Closes the connection, gracefully if it is open, without reporting it through {@link ConnectionEvents}.
     *
     * @return completes (never exceptionally) once the connection is closed
     */
    CompletableFuture<Void> close();
}
