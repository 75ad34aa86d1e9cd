package io.mqttha.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Reads what one broker hands a brand-new subscriber as retained values right now, with a plain MQTT
 * client: the truth about a broker's retained store, independent of the SDK under test.
 */
final class RetainedReader {

    private RetainedReader() {
    }

    /**
     * Subscribes to {@code filter} on {@code node} and collects the retained messages it sends.
     *
     * @param expected stop as soon as this many topics arrived
     * @param wait     longest wait for them; a broker that holds fewer is read until then
     * @return payload as text by topic; empty when the broker does not answer
     */
    static Map<String, String> read(NodeSpec node, Login login, String filter, int expected, Duration wait) {
        Map<String, String> values = new HashMap<>();
        Mqtt5BlockingClient reader = Mqtt5Client.builder().identifier("retained-reader-" + UUID.randomUUID())
                .serverHost(node.host()).serverPort(node.port())
                .simpleAuth(Mqtt5SimpleAuth.builder().username(login.username())
                        .password(login.password().getBytes(StandardCharsets.UTF_8)).build())
                .buildBlocking();
        try {
            reader.connectWith().keepAlive(5).send();
        } catch (RuntimeException unreachable) {
            return values;
        }
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
            long deadline = System.nanoTime() + wait.toNanos();
            while (values.size() < expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Optional<Mqtt5Publish> publish = publishes.receive(left, TimeUnit.NANOSECONDS);
                if (publish.isEmpty()) {
                    break;
                }
                if (publish.get().isRetain()) {
                    values.put(publish.get().getTopic().toString(),
                            new String(publish.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
                }
            }
            // Disconnect while the publishes are still received, or late copies are logged as unroutable.
            disconnectQuietly(reader);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException brokerWentAway) {
            // A broker that fails mid-read holds nothing we can rely on; report what arrived.
        } finally {
            disconnectQuietly(reader);
        }
        return values;
    }

    private static void disconnectQuietly(Mqtt5BlockingClient reader) {
        if (reader.getState().isConnected()) {
            try {
                reader.disconnect();
            } catch (RuntimeException alreadyGone) {
                // The read is over either way.
            }
        }
    }
}
