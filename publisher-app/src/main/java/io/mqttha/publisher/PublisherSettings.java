package io.mqttha.publisher;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.Qos;
import io.mqttha.client.TlsSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one publisher node does, validated by {@link PublisherCommand}.
 *
 * @param index             1-based node number; the publisher is {@code publisher-<index>}
 * @param brokers           every broker address, in order
 * @param pairedBroker      the broker this publisher prefers and returns to
 * @param topics            the topic layout
 * @param ratePerSecond     telemetry messages per second at each QoS level (0 turns a stream off)
 * @param payloadBytes      telemetry payload size at each QoS level
 * @param stateInterval     how often the retained state document is republished
 * @param heartbeatInterval how often a heartbeat is published
 * @param keepAlive         MQTT keep-alive of the publisher's connection
 * @param healthFile        a file touched on every heartbeat while connected, for container health checks
 * @param credentials       the login sent to the brokers; empty to connect anonymously
 * @param tls               MQTT over TLS with these settings; empty for plain MQTT
 */
public record PublisherSettings(int index, List<BrokerAddress> brokers, BrokerAddress pairedBroker, PublisherTopics topics,
                                Map<Qos, Double> ratePerSecond, Map<Qos, Integer> payloadBytes,
                                Duration stateInterval, Duration heartbeatInterval, Duration keepAlive,
                                Optional<Path> healthFile, Optional<Credentials> credentials,
                                Optional<TlsSettings> tls) {

    /** Copies the collections. */
    public PublisherSettings {
        brokers = List.copyOf(brokers);
        Objects.requireNonNull(pairedBroker, "pairedBroker");
        Objects.requireNonNull(topics, "topics");
        ratePerSecond = Map.copyOf(new EnumMap<>(ratePerSecond));
        payloadBytes = Map.copyOf(new EnumMap<>(payloadBytes));
        Objects.requireNonNull(stateInterval, "stateInterval");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(healthFile, "healthFile");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tls, "tls");
    }

    /** The publisher's name, for example {@code publisher-3}; also its MQTT client id. */
    public String name() {
        return PublisherTopics.publisherName(index);
    }
}
