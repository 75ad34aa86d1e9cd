package io.mqttha.client;

/** The base of every exception the client reports, in futures and in events. */
public class HaMqttException extends RuntimeException {

    /**
     * Creates an exception.
     *
     * @param message what went wrong
     * @param cause   the underlying failure, or null
     */
    public HaMqttException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception without a cause.
     *
     * @param message what went wrong
     */
    public HaMqttException(String message) {
        super(message);
    }
}
