package io.mqttha.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message received on a subscription. Immutable: the payload is copied out.
 *
 * @param topic          the topic it was published on
 * @param payload        the payload bytes
 * @param qos            the quality of service it was delivered with
 * @param retain         whether the broker sent it as a retained message
 * @param userProperties MQTT 5 user properties, in order (empty with MQTT 3.1.1)
 * @param node           the node that delivered it
 * @param receivedAt     when the client received it
 */
public record InboundMessage(String topic, byte[] payload, Qos qos, boolean retain, List<UserProperty> userProperties,
        BrokerAddress node, Instant receivedAt) {

    /** Checks for nulls and copies the payload. */
    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(receivedAt, "receivedAt");
        payload = payload.clone();
        userProperties = List.copyOf(userProperties);
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
     * Decodes the payload as UTF-8.
     *
     * @return the payload text
     */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Returns the value of the first user property with this name.
     *
     * @param name the property name
     * @return its value, if present
     */
    public Optional<String> userProperty(String name) {
        return userProperties.stream().filter(p -> p.name().equals(name)).map(UserProperty::value).findFirst();
    }

    /** Compares every component, the payload by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof InboundMessage that && topic.equals(that.topic) && Arrays.equals(payload, that.payload)
                && qos == that.qos && retain == that.retain && userProperties.equals(that.userProperties)
                && node.equals(that.node) && receivedAt.equals(that.receivedAt);
    }

    /** Hashes every component, the payload by content. */
    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retain, userProperties, node, receivedAt);
    }

    /** Shows the topic, payload size, flags and origin node. */
    @Override
    public String toString() {
        return "InboundMessage[topic=" + topic + ", payload=" + payload.length + " bytes, qos=" + qos.code()
                + ", retain=" + retain + ", userProperties=" + userProperties + ", node=" + node + "]";
    }
}
