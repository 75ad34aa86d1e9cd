package io.mqttha.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.mqttha.brokers.security.Login;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fleet member on the raw HiveMQ MQTT client, rotating to the next address with zero delay in a disconnected
 * listener (the floor the SDK is held to), resubscribing on every connection and republishing what a dead
 * session held.
 */
final class RawFleetMember extends FleetMember {

    private final Mqtt5AsyncClient client;
    private final AtomicReference<String> connected = new AtomicReference<>();
    /** Set once the first subscription is in place; later connections subscribe again in the listener. */
    private volatile boolean started;

    RawFleetMember(List<InetSocketAddress> addresses, String clientId, Login login) {
        super(clientId);
        this.client = HiveMqRotatingClient.rotating(addresses, clientId, login, true)
                .addConnectedListener(context -> {
                    connected.set(context.getClientConfig().getConnectionConfig()
                            .map(c -> HiveMqRotatingClient.address(c.getTransportConfig().getServerAddress()))
                            .orElse(null));
                    if (started) {
                        subscribe();
                    }
                })
                .addDisconnectedListener(context -> connected.set(null))
                .buildAsync();
    }

    @Override
    CompletableFuture<?> start() {
        return client.connect().thenCompose(connAck -> subscribe()).thenRun(() -> started = true);
    }

    @Override
    Optional<String> node() {
        return Optional.ofNullable(connected.get());
    }

    @Override
    CompletableFuture<?> send(long sequence) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload(sequence)).send()
                .thenAccept(result -> result.getError().ifPresent(error -> {
                    throw new IllegalStateException(error);
                }));
    }

    @Override
    public void close() {
        client.disconnect().exceptionally(ignored -> null);
    }

    private CompletableFuture<?> subscribe() {
        return client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> received(publish.getPayloadAsBytes())).send();
    }
}
