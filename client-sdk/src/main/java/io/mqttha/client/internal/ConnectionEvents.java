package io.mqttha.client.internal;

import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.InboundMessage;

/** What a {@link BrokerConnection} reports without being asked. */
interface ConnectionEvents {

    /** A message arrived; called on the client's inbound lane. */
    void onMessage(BrokerConnection connection, InboundMessage message);

    /** An established connection closed for a reason other than {@link BrokerConnection#close()}; called once. */
    void onLost(BrokerConnection connection, ConnectionLostException cause);
}
