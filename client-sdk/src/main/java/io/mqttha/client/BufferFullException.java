package io.mqttha.client;

/** Thrown by {@code publish} when the offline buffer cannot take a QoS 1/2 message; nothing was queued. */
public class BufferFullException extends HaMqttException {

    /**
     * Creates the exception.
     *
     * @param message which limit was reached
     */
    public BufferFullException(String message) {
        super(message);
    }
}
