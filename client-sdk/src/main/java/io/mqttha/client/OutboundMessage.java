package io.mqttha.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message to publish. Immutable: the payload is copied in and out.
 *
 * @param topic          the topic name, without wildcards
 * @param payload        the payload bytes
 * @param qos            the quality of service
 * @param retain         whether the broker keeps it as the topic's retained message
 * @param userProperties MQTT 5 user properties, in order
 */
public record OutboundMessage(String topic, byte[] payload, Qos qos, boolean retain, List<UserProperty> userProperties) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the topic is empty, contains a wildcard or a NUL character
     */
    public OutboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("Topic must not be empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("Topic '" + topic + "' must not contain '+', '#' or NUL");
        }
        payload = payload.clone();
        userProperties = List.copyOf(userProperties);
    }

    /**
     * Creates a message without user properties.
     *
     * @param topic   the topic
     * @param payload the payload
     * @param qos     the quality of service
     * @param retain  the retain flag
     * @return the message
     */
    public static OutboundMessage of(String topic, byte[] payload, Qos qos, boolean retain) {
        return new OutboundMessage(topic, payload, qos, retain, List.of());
    }

    /**
     * Starts building a message on a topic; QoS defaults to {@link Qos#AT_LEAST_ONCE}.
     *
     * @param topic the topic
     * @return a new builder
     */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /**
     * Returns a copy of the payload.
     *
     * @return the payload bytes
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Returns the payload size without copying it.
     *
     * @return the number of payload bytes
     */
    public int payloadSize() {
        return payload.length;
    }

    /** Compares every component, the payload by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof OutboundMessage that && topic.equals(that.topic) && Arrays.equals(payload, that.payload)
                && qos == that.qos && retain == that.retain && userProperties.equals(that.userProperties);
    }

    /** Hashes every component, the payload by content. */
    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retain, userProperties);
    }

    /** Shows the topic, payload size and flags. */
    @Override
    public String toString() {
        return "OutboundMessage[topic=" + topic + ", payload=" + payload.length + " bytes, qos=" + qos.code()
                + ", retain=" + retain + ", userProperties=" + userProperties + "]";
    }

    /** Builds an {@link OutboundMessage}; not thread-safe. */
    public static final class Builder {
        private final String topic;
        private byte[] payload = new byte[0];
        private Qos qos = Qos.AT_LEAST_ONCE;
        private boolean retain;
        private final List<UserProperty> userProperties = new ArrayList<>();

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        /**
         * Sets the payload.
         *
         * @param payload the bytes (copied on build)
         * @return this builder
         */
        public Builder payload(byte[] payload) {
            this.payload = Objects.requireNonNull(payload, "payload");
            return this;
        }

        /**
         * Sets the payload as UTF-8 text.
         *
         * @param payload the text
         * @return this builder
         */
        public Builder payload(String payload) {
            return payload(payload.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sets the quality of service.
         *
         * @param qos the level
         * @return this builder
         */
        public Builder qos(Qos qos) {
            this.qos = Objects.requireNonNull(qos, "qos");
            return this;
        }

        /**
         * Sets the retain flag.
         *
         * @param retain true to retain
         * @return this builder
         */
        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        /**
         * Appends a user property.
         *
         * @param name  its name
         * @param value its value
         * @return this builder
         */
        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        /**
         * Builds the message.
         *
         * @return the immutable message
         */
        public OutboundMessage build() {
            return new OutboundMessage(topic, payload, qos, retain, userProperties);
        }
    }
}
