package io.mqttha.client;

/**
 * Fails the future of {@link HaMqttClient#connect()} once every configured node has failed a connection
 * attempt; each node's failure is attached as a suppressed exception. The client keeps trying in the
 * background and publishes keep waiting in the offline buffer.
 */
public class NoNodeAvailableException extends HaMqttException {

    /**
     * Creates the exception.
     *
     * @param message a summary of the attempts
     */
    public NoNodeAvailableException(String message) {
        super(message);
    }
}
