package io.mqttha.brokers;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * One subscriber per edge on a topic of its own, counting each distinct payload it receives, so that a
 * test can publish on any edge and check where, and how often, each message arrived.
 */
final class FanOutProbe implements AutoCloseable {

    private final String topic = "mqtt-ha/it/" + UUID.randomUUID();
    private final Map<String, Mqtt5BlockingClient> clients = new LinkedHashMap<>();
    private final Map<String, ConcurrentMap<String, AtomicInteger>> received = new LinkedHashMap<>();

    FanOutProbe(Collection<NodeSpec> edges, Login login) {
        for (NodeSpec edge : edges) {
            Mqtt5BlockingClient client = Mqtt5Client.builder()
                    .identifier("fan-out-" + edge.name() + "-" + UUID.randomUUID())
                    .serverHost(edge.host())
                    .serverPort(edge.port())
                    .simpleAuth().username(login.username()).password(login.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .buildBlocking();
            client.connect();
            ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> counts
                    .computeIfAbsent(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                    .incrementAndGet());
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            clients.put(edge.name(), client);
            received.put(edge.name(), counts);
        }
    }

    /** Publishes {@code payload} at QoS 1 on {@code edge} and waits for the broker's acknowledgement. */
    void publish(String edge, String payload) {
        clients.get(edge).publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    /** How often {@code edge}'s subscriber received {@code payload}. */
    int count(String edge, String payload) {
        AtomicInteger count = received.get(edge).get(payload);
        return count == null ? 0 : count.get();
    }

    /**
     * Waits until every one of {@code edges} has {@code payload}, then checks for a quiet moment that
     * none receives it a second time.
     */
    void assertExactlyOnce(Collection<String> edges, String payload, Duration timeout) {
        await().atMost(timeout).until(() -> edges.stream().allMatch(edge -> count(edge, payload) >= 1));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> edges.stream().allMatch(edge -> count(edge, payload) == 1));
    }

    /** The edges whose subscriber has not received {@code payload}. */
    List<String> missing(Collection<String> edges, String payload) {
        List<String> missing = new ArrayList<>();
        for (String edge : edges) {
            if (count(edge, payload) == 0) {
                missing.add(edge);
            }
        }
        return missing;
    }

    @Override
    public void close() {
        for (Mqtt5BlockingClient client : clients.values()) {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException ignored) {
                    // The broker under this client may have been killed by the test.
                }
            }
        }
    }
}
