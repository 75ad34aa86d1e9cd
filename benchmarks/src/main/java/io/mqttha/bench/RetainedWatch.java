package io.mqttha.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What every edge holds as retained values, kept current as it changes: one plain MQTT client per edge,
 * subscribed with "retain as published", so that it receives the edge's store on subscribing and then every
 * retained publish that changes it, from clients and bridges alike. Convergence is then seen the moment it
 * happens, instead of by reading every edge again (which takes most of a second per edge at 10,000 topics).
 * The clients send no keep-alive, so that an edge frozen by the benchmark keeps its watcher's connection, and
 * reconnect (and read the store again) after an edge was killed and restarted.
 */
final class RetainedWatch implements AutoCloseable {

    private final Map<String, Map<String, String>> heldByEdge = new ConcurrentHashMap<>();
    private final Map<String, Mqtt5AsyncClient> clients = new ConcurrentHashMap<>();

    /** Connects to every edge and subscribes to {@code filter}; returns once every subscription is acknowledged. */
    static RetainedWatch start(List<NodeSpec> edges, Login login, String filter) throws Exception {
        RetainedWatch watch = new RetainedWatch();
        try {
            for (NodeSpec edge : edges) {
                watch.watch(edge, login, filter);
            }
            return watch;
        } catch (Exception e) {
            watch.close();
            throw e;
        }
    }

    private void watch(NodeSpec edge, Login login, String filter) throws Exception {
        Map<String, String> held = new ConcurrentHashMap<>();
        heldByEdge.put(edge.name(), held);
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder().addSubscription(Mqtt5Subscription.builder()
                .topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).build()).build();
        CompletableFuture<Void> firstSubscription = new CompletableFuture<>();
        // The benchmark kills and restarts edges: the watcher comes back with them and reads the store again.
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("retained-watch-" + edge.name() + "-" + UUID.randomUUID())
                .serverHost(edge.host()).serverPort(edge.port())
                .simpleAuth(Mqtt5SimpleAuth.builder().username(login.username())
                        .password(login.password().getBytes(StandardCharsets.UTF_8)).build())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(connected -> clients.get(edge.name()).subscribe(subscribe)
                        .whenComplete((subAck, failure) -> firstSubscription.complete(null)))
                .buildAsync();
        clients.put(edge.name(), client);
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> {
            if (publish.isRetain()) {
                held.put(publish.getTopic().toString(), new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
        });
        client.connectWith().noKeepAlive().send().get(10, TimeUnit.SECONDS);
        firstSubscription.get(10, TimeUnit.SECONDS);
    }

    /** Whether every edge holds exactly {@code expected} for each of its topics. */
    boolean everyEdgeHolds(Map<String, String> expected) {
        for (Map<String, String> held : heldByEdge.values()) {
            for (Map.Entry<String, String> value : expected.entrySet()) {
                if (!value.getValue().equals(held.get(value.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Per edge, how many of the topics of {@code expected} it holds another value for. */
    Map<String, Long> stale(Map<String, String> expected) {
        Map<String, Long> stale = new TreeMap<>();
        heldByEdge.forEach((edge, held) -> stale.put(edge, expected.entrySet().stream()
                .filter(value -> !value.getValue().equals(held.get(value.getKey()))).count()));
        return stale;
    }

    @Override
    public void close() {
        for (Mqtt5AsyncClient client : clients.values()) {
            client.disconnect();
        }
    }
}
