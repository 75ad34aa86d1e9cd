package io.mqttha.client;

import java.util.Optional;

/** A broker answered a publish, subscribe or unsubscribe with an MQTT 5 error reason code. */
public class RejectedByBrokerException extends HaMqttException {

    private final int reasonCode;
    private final BrokerAddress node;

    /**
     * Creates the exception.
     *
     * @param node       the node that refused
     * @param reasonCode the MQTT reason code, 0x80 or above
     * @param message    what was refused, with the broker's reason string if any
     */
    public RejectedByBrokerException(BrokerAddress node, int reasonCode, String message) {
        super(message);
        this.node = node;
        this.reasonCode = reasonCode;
    }

    /**
     * Returns the MQTT reason code.
     *
     * @return the code, e.g. 0x87 for "not authorized"
     */
    public int reasonCode() {
        return reasonCode;
    }

    /**
     * Returns the node that refused.
     *
     * @return the node
     */
    public Optional<BrokerAddress> node() {
        return Optional.ofNullable(node);
    }
}
