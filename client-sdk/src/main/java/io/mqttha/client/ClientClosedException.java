package io.mqttha.client;

/** Fails every operation that was still outstanding when the client was closed, or started after that. */
public class ClientClosedException extends HaMqttException {

    /**
     * Creates the exception.
     *
     * @param message what was cut short
     */
    public ClientClosedException(String message) {
        super(message);
    }
}
