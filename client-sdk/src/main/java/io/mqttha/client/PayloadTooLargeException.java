package io.mqttha.client;

/**
 * Thrown by {@code publish} when a payload exceeds {@link HaClientConfig#maximumPayloadSize()}; nothing was
 * queued or sent. The project's brokers close the connection of a client that sends a packet above their
 * {@code max_packet_size}, so such a message would never be delivered, and sending it would cost the
 * connection.
 */
public class PayloadTooLargeException extends HaMqttException {

    private final String topic;
    private final int size;
    private final int limit;

    /**
     * Creates the exception.
     *
     * @param topic the topic of the refused message
     * @param size  its payload size in bytes
     * @param limit the configured maximum payload size in bytes
     */
    public PayloadTooLargeException(String topic, int size, int limit) {
        super("Cannot publish to '" + topic + "': the payload of " + size + " bytes exceeds the maximum payload size of "
                + limit + " bytes (HaClientConfig.maximumPayloadSize)");
        this.topic = topic;
        this.size = size;
        this.limit = limit;
    }

    /**
     * Returns the topic of the refused message.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns the payload size of the refused message.
     *
     * @return bytes
     */
    public int size() {
        return size;
    }

    /**
     * Returns the limit it exceeded.
     *
     * @return bytes
     */
    public int limit() {
        return limit;
    }
}
