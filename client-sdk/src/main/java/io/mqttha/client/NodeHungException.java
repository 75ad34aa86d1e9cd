package io.mqttha.client;

/** The client gave up on a node that kept its connection open but stopped answering MQTT. */
public class NodeHungException extends ConnectionLostException {

    /**
     * Creates the exception.
     *
     * @param node    the silent node
     * @param message how the silence was noticed
     */
    public NodeHungException(BrokerAddress node, String message) {
        super(node, message, null);
    }
}
