package io.mqttha.bench;

import io.mqttha.brokers.security.Login;
import io.mqttha.client.BufferFullException;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.Qos;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** This project's SDK with its default settings. */
final class SdkClient implements FailoverClient {

    private final HaMqttClient client;
    private final String topic;

    SdkClient(String addresses, String clientId, String topic, Login login) {
        HaClientConfig.Builder config = HaClientConfig.builder().addresses(addresses).clientId(clientId);
        if (login != null) {
            config.credentials(ClusterLogin.credentials(login));
        }
        this.client = HaMqttClient.create(config.build());
        this.topic = topic;
    }

    @Override
    public void connect() throws Exception {
        client.connect().get(30, TimeUnit.SECONDS);
    }

    @Override
    public Optional<String> connectedAddress() {
        return client.currentNode().map(node -> node.host() + ":" + node.port());
    }

    @Override
    public boolean publishAcknowledged(byte[] payload, Duration timeout) {
        return FailoverClient.awaitQuietly(client.publish(topic, payload, Qos.AT_LEAST_ONCE, false), timeout).isPresent();
    }

    @Override
    public boolean publishAsync(String topic, byte[] payload, int qos) {
        try {
            client.publish(topic, payload, Qos.of(qos), false);
            return true;
        } catch (BufferFullException refused) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
