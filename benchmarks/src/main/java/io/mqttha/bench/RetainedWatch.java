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
import java.util.HashMap;
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
 * Each edge counts its stale topics as copies arrive, so that asking whether the cluster converged costs
 * nothing: the benchmark shares two cores with nine brokers, and a check that compared every value every few
 * milliseconds took a fifth of its CPU time in the middle of the flood it measures.
 * They subscribe at QoS 0: a QoS 1 subscription to more than 65,535 retained topics makes Mosquitto 2.0.11 reuse
 * packet identifiers still in flight, and the HiveMQ client then closes the connection.
 * The clients send no keep-alive, so that an edge frozen by the benchmark keeps its watcher's connection, and
 * reconnect (and read the store again) after an edge was killed and restarted.
 */
final class RetainedWatch implements AutoCloseable {

    private final Map<String, EdgeView> edges = new TreeMap<>();
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
        EdgeView view = new EdgeView();
        edges.put(edge.name(), view);
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder().addSubscription(Mqtt5Subscription.builder()
                .topicFilter(filter).qos(MqttQos.AT_MOST_ONCE).retainAsPublished(true).build()).build();
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
                view.held(publish.getTopic().toString(), new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
        });
        client.connectWith().noKeepAlive().send().get(10, TimeUnit.SECONDS);
        firstSubscription.get(10, TimeUnit.SECONDS);
    }

    /**
     * Sets the values every edge should hold from now on; {@link #converged()} and {@link #stale()} compare
     * with them.
     */
    void expect(Map<String, String> expected) {
        Map<String, String> values = Map.copyOf(expected);
        edges.values().forEach(edge -> edge.expect(values));
    }

    /** Whether every edge holds the expected value of every expected topic. */
    boolean converged() {
        return edges.values().stream().allMatch(edge -> edge.stale() == 0);
    }

    /** Per edge, how many expected topics it holds another value (or none) for. */
    Map<String, Integer> stale() {
        Map<String, Integer> stale = new TreeMap<>();
        edges.forEach((name, edge) -> stale.put(name, edge.stale()));
        return stale;
    }

    @Override
    public void close() {
        for (Mqtt5AsyncClient client : clients.values()) {
            client.disconnect();
        }
    }

    /** One edge's retained store as its watcher saw it, and how many expected topics differ from it. */
    private static final class EdgeView {
        private final Map<String, String> held = new HashMap<>();
        private Map<String, String> expected = Map.of();
        private int stale;

        synchronized void held(String topic, String value) {
            String previous = held.put(topic, value);
            String wanted = expected.get(topic);
            if (wanted != null) {
                stale += (wanted.equals(value) ? 0 : 1) - (wanted.equals(previous) ? 0 : 1);
            }
        }

        synchronized void expect(Map<String, String> values) {
            expected = values;
            stale = (int) values.entrySet().stream().filter(value -> !value.getValue().equals(held.get(value.getKey()))).count();
        }

        synchronized int stale() {
            return stale;
        }
    }
}
