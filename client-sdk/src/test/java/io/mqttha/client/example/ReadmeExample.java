package io.mqttha.client.example;

import io.mqttha.client.Credentials;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuitySnapshot;

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
            client.onFailover(event -> log.accept("moved from " + event.from() + " to " + event.to()
                    + " in " + event.duration().toMillis() + " ms"));
            client.connect().get(10, TimeUnit.SECONDS);

            client.subscribe("orders/#", Qos.AT_LEAST_ONCE,
                    message -> log.accept("received " + message.topic() + ": " + message.payloadAsString()
                            + " from " + message.origin().orElse("a client without continuity")))
                    .get(10, TimeUnit.SECONDS);

            // Completes once a broker acknowledged it, on whichever node the client is on by then.
            client.publish(OutboundMessage.builder("orders/42").payload("created").qos(Qos.AT_LEAST_ONCE).build())
                    .get(10, TimeUnit.SECONDS);

            ContinuitySnapshot continuity = client.continuity();
            log.accept("on " + client.currentNode().orElseThrow() + ", lost " + continuity.lost()
                    + ", duplicates dropped " + continuity.duplicates());
        }
        // README:end
    }
}
