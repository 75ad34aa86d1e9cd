package io.mqttha.client;

/** Fails the future of a QoS 0 message dropped from a full offline buffer. */
public class MessageDroppedException extends HaMqttException {

    /**
     * Creates the exception.
     *
     * @param message why the message was dropped
     */
    public MessageDroppedException(String message) {
        super(message);
    }
}
