package io.mqttha.publisher;

import io.mqttha.client.Qos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a publisher node publishes, under a common prefix: the one topic layout that publishers write
 * and the dashboard reads.
 *
 * <pre>
 * PREFIX/publisher-3/telemetry/qos0|qos1|qos2   the three telemetry streams
 * PREFIX/publisher-3/state                     retained, versioned JSON state document
 * PREFIX/publisher-3/status                    retained "online" / "offline" (also the last will)
 * PREFIX/publisher-3/heartbeat                 JSON heartbeat: node, uptime, counters
 * </pre>
 *
 * @param prefix the common prefix, for example {@code mqtt-ha}
 */
public record PublisherTopics(String prefix) {

    /** The prefix publishers use unless told otherwise. */
    public static final String DEFAULT_PREFIX = "mqtt-ha";
    /** Payload of the status topic while the publisher runs. */
    public static final String ONLINE = "online";
    /** Payload of the status topic once the publisher stopped or died. */
    public static final String OFFLINE = "offline";

    /** Validates the prefix: a plain topic level path, no wildcards, not reserved. */
    public PublisherTopics {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.startsWith("$") || prefix.contains("+") || prefix.contains("#")
                || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("Topic prefix '" + prefix
                    + "' must be a non-empty topic path without wildcards, leading '$' or surrounding '/'");
        }
    }

    /** The name of publisher {@code index} (1-based), for example {@code publisher-3}. */
    public static String publisherName(int index) {
        return "publisher-" + index;
    }

    /** The telemetry stream of {@code publisher} at {@code qos}. */
    public String telemetry(String publisher, Qos qos) {
        return prefix + "/" + publisher + "/telemetry/qos" + qos.code();
    }

    /** The retained state document of {@code publisher}. */
    public String state(String publisher) {
        return prefix + "/" + publisher + "/state";
    }

    /** The retained status of {@code publisher}. */
    public String status(String publisher) {
        return prefix + "/" + publisher + "/status";
    }

    /** The heartbeat of {@code publisher}. */
    public String heartbeat(String publisher) {
        return prefix + "/" + publisher + "/heartbeat";
    }

    /**
     * The filters that match every topic of every publisher, and nothing else. Deliberately not
     * {@code prefix/+/#}: under the default prefix that would also match the SDK's continuity control
     * topics ({@code mqtt-ha/control/...}), and a broker that sends one copy per matching subscription
     * would hand the SDK every repair message twice.
     */
    public List<String> filters() {
        return List.of(prefix + "/+/telemetry/+", prefix + "/+/state", prefix + "/+/status", prefix + "/+/heartbeat");
    }

    /** The publisher a topic of this layout belongs to. */
    public Optional<String> publisherOf(String topic) {
        if (!topic.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String rest = topic.substring(prefix.length() + 1);
        int slash = rest.indexOf('/');
        return slash <= 0 ? Optional.empty() : Optional.of(rest.substring(0, slash));
    }

    /** The QoS level of a telemetry topic of this layout. */
    public Optional<Qos> telemetryQos(String topic) {
        Optional<String> publisher = publisherOf(topic);
        if (publisher.isEmpty()) {
            return Optional.empty();
        }
        for (Qos qos : Qos.values()) {
            if (telemetry(publisher.get(), qos).equals(topic)) {
                return Optional.of(qos);
            }
        }
        return Optional.empty();
    }
}
