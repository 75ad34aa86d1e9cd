package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Opens connections and probes nodes; the seam between the client's logic and an MQTT library. */
interface ConnectionFactory {

    /**
     * Creates a connection to a node; nothing happens on the network until {@link BrokerConnection#connect()}.
     *
     * @param standby true for a standby connection: its own client id (so it never takes over the main
     *                session on the same node) and no last will (its loss is not the client's death)
     */
    BrokerConnection create(BrokerAddress node, ConnectionEvents events, boolean standby);

    /**
     * Probes a node with a short-lived connection: CONNECT, CONNACK, DISCONNECT.
     *
     * @return the time from opening the connection to CONNACK, or a failure: {@link io.mqttha.client.NodeHungException} if the
     *         node accepted TCP but did not answer, another exception if it could not be reached
     */
    CompletableFuture<Duration> probe(BrokerAddress node);
}
