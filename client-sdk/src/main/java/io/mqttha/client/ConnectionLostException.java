package io.mqttha.client;

/** A connection to a node failed or closed; the cause carries the transport's reason. */
public class ConnectionLostException extends HaMqttException {

    private final BrokerAddress node;

    /**
     * Creates the exception.
     *
     * @param node    the node concerned
     * @param message what happened
     * @param cause   the transport's exception, or null
     */
    public ConnectionLostException(BrokerAddress node, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
    }

    /**
     * Returns the node whose connection was lost.
     *
     * @return the node
     */
    public BrokerAddress node() {
        return node;
    }
}
