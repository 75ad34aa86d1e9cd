package io.mqttha.bench;

import io.mqttha.brokers.security.Login;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Eclipse Paho Java (MQTT 3.1.1) as its documentation sets it up for several brokers:
 * {@code setServerURIs} with automatic reconnect, and the offline buffer so that a publish made while
 * it reconnects is sent afterwards.
 */
final class PahoClient implements FailoverClient {

    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final String topic;

    PahoClient(List<String> addresses, String clientId, String topic, Login login) throws MqttException {
        List<String> uris = addresses.stream().map(address -> "tcp://" + address).toList();
        this.client = new MqttAsyncClient(uris.get(0), clientId, new MemoryPersistence());
        this.topic = topic;
        options.setServerURIs(uris.toArray(String[]::new));
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setUserName(login.username());
        options.setPassword(login.password().toCharArray());
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(10_000);
        client.setBufferOpts(buffer);
    }

    @Override
    public void connect() throws MqttException {
        client.connect(options).waitForCompletion(30_000);
    }

    @Override
    public Optional<String> connectedAddress() {
        if (!client.isConnected()) {
            return Optional.empty();
        }
        URI uri = URI.create(client.getCurrentServerURI());
        return Optional.of(uri.getHost() + ":" + uri.getPort());
    }

    @Override
    public boolean publishAcknowledged(byte[] payload, Duration timeout) {
        try {
            IMqttDeliveryToken token = client.publish(topic, payload, 1, false);
            token.waitForCompletion(timeout.toMillis());
            return token.isComplete() && token.getException() == null;
        } catch (MqttException e) {
            return false;
        }
    }

    @Override
    public boolean publishAsync(String topic, byte[] payload, int qos) {
        try {
            client.publish(topic, payload, qos, false);
            return true;
        } catch (MqttException refused) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(500, 500);
            client.close();
        } catch (MqttException alreadyClosed) {
            // Closing a client whose broker was killed may fail; nothing is left to release.
        }
    }
}
