package io.mqttha.bench;

import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.mqttha.brokers.security.Login;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HiveMQ MQTT Client as its maintainers advise for several brokers (hivemq-mqtt-client #381,
 * #346): automatic reconnect, rotating to the next address in a disconnected listener. Either with the
 * reconnector's own backoff (what a user gets), or with zero delay (the floor DESIGN.md measured).
 * Unacknowledged publishes are republished on the new broker, the best the client offers.
 */
final class HiveMqRotatingClient implements FailoverClient {

    private final Mqtt5AsyncClient client;
    private final String topic;
    private final AtomicReference<String> connected = new AtomicReference<>();

    HiveMqRotatingClient(List<InetSocketAddress> addresses, String clientId, String topic, boolean zeroDelay, Login login) {
        this.topic = topic;
        this.client = rotating(addresses, clientId, login, zeroDelay)
                // getClientConfig().getServerAddress() is the address the client was built with, not the one it
                // rotated to: the current one is the connection's.
                .addConnectedListener(context -> connected.set(context.getClientConfig().getConnectionConfig()
                        .map(connection -> address(connection.getTransportConfig().getServerAddress()))
                        .orElse(null)))
                .addDisconnectedListener(context -> connected.set(null))
                .buildAsync();
    }

    /**
     * A client with {@code login} that moves to the next address whenever its connection ends, republishing
     * what a dead session held; with {@code zeroDelay} at once, otherwise after the reconnector's own backoff.
     */
    static Mqtt5ClientBuilder rotating(List<InetSocketAddress> addresses, String clientId, Login login, boolean zeroDelay) {
        return Mqtt5Client.builder()
                .identifier(clientId)
                .simpleAuth(Mqtt5SimpleAuth.builder().username(login.username())
                        .password(login.password().getBytes(StandardCharsets.UTF_8)).build())
                .serverAddress(addresses.get(0))
                .automaticReconnectWithDefaultConfig()
                .addDisconnectedListener(context -> {
                    InetSocketAddress current = context.getReconnector().getTransportConfig().getServerAddress();
                    InetSocketAddress next = addresses.get((indexOf(addresses, current) + 1) % addresses.size());
                    context.getReconnector()
                            .transportConfig(MqttClientTransportConfig.builder().serverAddress(next).build())
                            .republishIfSessionExpired(true);
                    if (zeroDelay) {
                        context.getReconnector().delay(0, TimeUnit.MILLISECONDS);
                    }
                });
    }

    private static int indexOf(List<InetSocketAddress> addresses, InetSocketAddress current) {
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).getPort() == current.getPort()
                    && addresses.get(i).getHostString().equals(current.getHostString())) {
                return i;
            }
        }
        return 0;
    }

    static String address(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void connect() throws Exception {
        client.connect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public Optional<String> connectedAddress() {
        return Optional.ofNullable(connected.get());
    }

    @Override
    public boolean publishAcknowledged(byte[] payload, Duration timeout) {
        return FailoverClient.awaitQuietly(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                .send(), timeout).map(result -> result.getError().isEmpty()).orElse(false);
    }

    @Override
    public boolean publishAsync(String topic, byte[] payload, int qos) {
        client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload).send();
        return true;
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception alreadyDisconnected) {
            // Closing a client whose broker was killed is expected to fail.
        }
    }
}
