package io.mqttha.bench;

import io.mqttha.brokers.security.Login;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.Qos;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A fleet member on this project's SDK with its defaults, apart from the client id and the login. */
final class SdkFleetMember extends FleetMember {

    private final HaMqttClient client;

    SdkFleetMember(String addresses, String clientId, Login login) {
        super(clientId);
        this.client = HaMqttClient.create(HaClientConfig.builder().addresses(addresses).clientId(clientId)
                .credentials(ClusterLogin.credentials(login)).build());
    }

    @Override
    CompletableFuture<?> start() {
        return client.connect().thenCompose(node ->
                client.subscribe(topic, Qos.AT_LEAST_ONCE, message -> received(message.payload())));
    }

    @Override
    Optional<String> node() {
        return client.currentNode().map(node -> node.host() + ":" + node.port());
    }

    @Override
    CompletableFuture<?> send(long sequence) {
        return client.publish(topic, payload(sequence), Qos.AT_LEAST_ONCE, false);
    }

    @Override
    public void close() {
        client.close();
    }
}
