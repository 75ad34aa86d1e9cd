package io.mqttha.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A message received on a subscription. Immutable: the payload is copied out.
 *
 * <p>A message published through this SDK with continuity on carries its origin (the publisher's client id),
 * its sequence number in its (origin, topic) stream and its send time; {@link #origin()}, {@link #sequence()}
 * and {@link #sentAt()} return them when continuity is on for this client too, and are empty otherwise.
 */
public final class InboundMessage {

    private final String topic;
    private final byte[] payload;
    private final Qos qos;
    private final boolean retain;
    private final List<UserProperty> userProperties;
    private final BrokerAddress node;
    private final Instant receivedAt;
    private final String origin;
    private final long sequence;
    private final Instant sentAt;
    private final boolean repaired;

    /**
     * Creates a message without continuity metadata; copies the payload.
     *
     * @param topic          the topic it was published on
     * @param payload        the payload bytes
     * @param qos            the quality of service it was delivered with
     * @param retain         whether the broker sent it as a retained message
     * @param userProperties MQTT 5 user properties, in order (empty with MQTT 3.1.1)
     * @param node           the node that delivered it
     * @param receivedAt     when the client received it
     */
    public InboundMessage(String topic, byte[] payload, Qos qos, boolean retain, List<UserProperty> userProperties,
            BrokerAddress node, Instant receivedAt) {
        this(topic, payload.clone(), qos, retain, List.copyOf(userProperties), node, receivedAt, null, -1, null, false);
    }

    private InboundMessage(String topic, byte[] payload, Qos qos, boolean retain, List<UserProperty> userProperties,
            BrokerAddress node, Instant receivedAt, String origin, long sequence, Instant sentAt, boolean repaired) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.qos = Objects.requireNonNull(qos, "qos");
        this.retain = retain;
        this.userProperties = userProperties;
        this.node = Objects.requireNonNull(node, "node");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.origin = origin;
        this.sequence = sequence;
        this.sentAt = sentAt;
        this.repaired = repaired;
    }

    /**
     * Returns a copy that carries the continuity metadata read from this message; the SDK calls it, applications
     * need not.
     *
     * @param origin   the publisher's client id
     * @param sequence the message's number in its stream, not negative
     * @param sentAt   when the publisher sent it
     * @return the copy
     */
    public InboundMessage withContinuity(String origin, long sequence, Instant sentAt) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sentAt, "sentAt");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        return new InboundMessage(topic, payload, qos, retain, userProperties, node, receivedAt, origin, sequence,
                sentAt, repaired);
    }

    /**
     * Returns a copy marked as {@linkplain #repaired() repaired}; the SDK calls it, applications need not.
     *
     * @return the copy
     */
    public InboundMessage asRepaired() {
        return new InboundMessage(topic, payload, qos, retain, userProperties, node, receivedAt, origin, sequence,
                sentAt, true);
    }

    /**
     * Returns a copy on another topic, with the same metadata; the SDK uses it for a message repaired through
     * the replay topic.
     *
     * @param originalTopic the topic the message was first published on
     * @param asRetained    whether the copy is a retained message
     * @return the copy
     */
    public InboundMessage onTopic(String originalTopic, boolean asRetained) {
        return new InboundMessage(originalTopic, payload, qos, asRetained, userProperties, node, receivedAt, origin,
                sequence, sentAt, repaired);
    }

    /**
     * Returns the topic it was published on.
     *
     * @return the topic name
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns a copy of the payload.
     *
     * @return the payload bytes
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Returns the payload's size without copying it.
     *
     * @return the size in bytes
     */
    public int payloadSize() {
        return payload.length;
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
     * Returns the quality of service it was delivered with.
     *
     * @return the QoS
     */
    public Qos qos() {
        return qos;
    }

    /**
     * Returns whether the broker sent it as a retained message.
     *
     * @return the retain flag
     */
    public boolean retain() {
        return retain;
    }

    /**
     * Returns the MQTT 5 user properties, in order, the SDK's own among them.
     *
     * @return the properties; empty with MQTT 3.1.1
     */
    public List<UserProperty> userProperties() {
        return userProperties;
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

    /**
     * Returns the node that delivered it.
     *
     * @return the node
     */
    public BrokerAddress node() {
        return node;
    }

    /**
     * Returns when the client received it.
     *
     * @return the time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * Returns the client id of the SDK client that published it.
     *
     * @return the origin, or empty without continuity metadata
     */
    public Optional<String> origin() {
        return Optional.ofNullable(origin);
    }

    /**
     * Returns its number in the stream of messages its origin publishes on its topic.
     *
     * @return the sequence number, or empty without continuity metadata
     */
    public OptionalLong sequence() {
        return origin == null ? OptionalLong.empty() : OptionalLong.of(sequence);
    }

    /**
     * Returns when its origin sent it, by the origin's clock.
     *
     * @return the send time, or empty without continuity metadata
     */
    public Optional<Instant> sentAt() {
        return Optional.ofNullable(sentAt);
    }

    /**
     * Tells whether this message filled a gap that had been asked of its origin: it arrived late, re-sent by the
     * origin or after the request. Its latency is the repair's, not the live path's.
     *
     * @return true for a message delivered by repair
     */
    public boolean repaired() {
        return repaired;
    }

    /** Compares every component, the payload by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof InboundMessage that && topic.equals(that.topic) && Arrays.equals(payload, that.payload)
                && qos == that.qos && retain == that.retain && userProperties.equals(that.userProperties)
                && node.equals(that.node) && receivedAt.equals(that.receivedAt) && Objects.equals(origin, that.origin)
                && sequence == that.sequence && Objects.equals(sentAt, that.sentAt) && repaired == that.repaired;
    }

    /** Hashes every component, the payload by content. */
    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retain, userProperties, node, receivedAt, origin,
                sequence, sentAt, repaired);
    }

    /** Shows the topic, payload size, flags, delivering node and origin. */
    @Override
    public String toString() {
        return "InboundMessage[topic=" + topic + ", payload=" + payload.length + " bytes, qos=" + qos.code()
                + ", retain=" + retain + ", userProperties=" + userProperties + ", node=" + node
                + (origin == null ? "" : ", origin=" + origin + ", sequence=" + sequence + ", sentAt=" + sentAt)
                + (repaired ? ", repaired" : "") + "]";
    }
}
