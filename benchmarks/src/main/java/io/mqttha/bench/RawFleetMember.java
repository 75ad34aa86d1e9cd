package io.mqttha.bench;

import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.mqttha.brokers.security.Login;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        this.client = Mqtt5Client.builder()
                .identifier(clientId)
                .simpleAuth(Mqtt5SimpleAuth.builder().username(login.username())
                        .password(login.password().getBytes(StandardCharsets.UTF_8)).build())
                .serverAddress(addresses.get(0))
                .automaticReconnectWithDefaultConfig()
                .addConnectedListener(context -> {
                    connected.set(context.getClientConfig().getConnectionConfig()
                            .map(c -> address(c.getTransportConfig().getServerAddress())).orElse(null));
                    if (started) {
                        subscribe();
                    }
                })
                .addDisconnectedListener(context -> {
                    connected.set(null);
                    InetSocketAddress current = context.getReconnector().getTransportConfig().getServerAddress();
                    InetSocketAddress next = addresses.get((indexOf(addresses, current) + 1) % addresses.size());
                    context.getReconnector()
                            .transportConfig(MqttClientTransportConfig.builder().serverAddress(next).build())
                            .republishIfSessionExpired(true)
                            .delay(0, TimeUnit.MILLISECONDS);
                })
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

    private static String address(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static int indexOf(List<InetSocketAddress> addresses, InetSocketAddress current) {
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).getPort() == current.getPort()) {
                return i;
            }
        }
        return 0;
    }
}
