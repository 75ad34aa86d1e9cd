package io.mqttha.client.example;

import io.mqttha.client.Credentials;
import io.mqttha.client.FailoverEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuitySnapshot;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The SDK example of the README, compiled and run by {@link ReadmeExampleIT}; {@link ReadmeExampleTest}
 * checks that the README shows exactly the lines between the markers.
 */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static void run(String brokerAddresses, String password, Consumer<String> log) throws Exception {
        // README:begin
        HaClientConfig config = HaClientConfig.builder()
                .addresses(brokerAddresses)          // "127.0.0.1:18831,127.0.0.1:18832,..."
                .clientId("orders-service")
                .credentials(Credentials.of("operator", password))
                .build();

        try (HaMqttClient client = HaMqttClient.create(config)) {
            client.addListener(new HaClientListener() {
                @Override
                public void onFailover(FailoverEvent event) {
                    log.accept("moved from " + event.from() + " to " + event.to() + " in " + event.duration().toMillis() + " ms");
                }
            });
            client.connect().get(10, TimeUnit.SECONDS);

            client.subscribe("orders/#", Qos.AT_LEAST_ONCE,
                    message -> log.accept("received " + message.topic() + ": " + message.payloadAsString()))
                    .get(10, TimeUnit.SECONDS);

            // Completes once a broker acknowledged it, on whichever node the client is on by then.
            client.publish("orders/42", "created".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false)
                    .get(10, TimeUnit.SECONDS);

            ContinuitySnapshot continuity = client.continuity();
            log.accept("on " + client.currentNode().orElseThrow() + ", lost " + continuity.lost()
                    + ", duplicates dropped " + continuity.duplicates());
        }
        // README:end
    }
}
