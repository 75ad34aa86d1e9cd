package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;

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

    /** Subscribes; completes on a SUBACK granting the subscription. */
    CompletableFuture<Void> subscribe(String topicFilter, Qos qos);

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
