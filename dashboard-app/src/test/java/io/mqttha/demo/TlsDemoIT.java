package io.mqttha.demo;

import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.Credentials;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.Qos;
import io.mqttha.client.TlsSettings;
import io.mqttha.publisher.PublisherTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The demo in TLS mode, as {@code ./demo --tls} runs it: the cluster speaks MQTT over TLS only, with a CA
 * made for the run; publisher processes and an SDK client (the dashboard's identity) verify the nodes'
 * certificates and exchange messages across the TLS bridges; a plain MQTT client gets nowhere.
 */
class TlsDemoIT {

    private static final PublisherTopics TOPICS = new PublisherTopics(PublisherTopics.DEFAULT_PREFIX);

    @TempDir
    Path runDirectory;

    private LocalCluster cluster;
    private PublisherFleet fleet;
    private HaMqttClient dashboard;

    @BeforeEach
    void startTlsClusterAndTwoPublishers() {
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory.resolve("cluster"),
                ClusterOptions.defaults().withTls(true).withProgress(line -> { }));
        fleet = PublisherFleet.create(runDirectory.resolve("publishers"), cluster.description().edgeAddresses(),
                ClusterDescription.EDGE_COUNT,
                List.of("--tls-trust-store", cluster.trustStore().orElseThrow().toString(),
                        "--tls-trust-store-password-file", cluster.trustStorePasswordFile().orElseThrow().toString()),
                Optional.of(ClusterSecrets.read(cluster.runDirectory())));
        fleet.start(1);
        fleet.start(5);
    }

    @AfterEach
    void stopEverything() {
        try {
            if (dashboard != null) {
                dashboard.close();
            }
        } finally {
            try {
                fleet.close();
            } finally {
                cluster.close();
            }
        }
    }

    @Test
    void publishersAndTheDashboardSpeakTlsAcrossTheBridgesAndPlainMqttIsRefused() throws Exception {
        Map<String, String> statuses = new ConcurrentHashMap<>();
        Map<String, Long> telemetry = new ConcurrentHashMap<>();
        dashboard = HaMqttClient.create(HaClientConfig.builder()
                .address(cluster.description().node("node-3").address())
                .clientId("tls-it-dashboard")
                .credentials(credentials(AccessPolicy.DASHBOARD))
                .tls(TlsSettings.builder().trustStore(cluster.trustStore().orElseThrow(), cluster.trustStorePassword()).build())
                .build());
        dashboard.connect().get(20, TimeUnit.SECONDS);
        dashboard.subscribe(TOPICS.prefix() + "/+/status", Qos.AT_LEAST_ONCE, message ->
                statuses.put(TOPICS.publisherOf(message.topic()).orElseThrow(), message.payloadAsString())).get(10, TimeUnit.SECONDS);
        dashboard.subscribe(TOPICS.prefix() + "/+/telemetry/qos1", Qos.AT_LEAST_ONCE, message ->
                telemetry.merge(TOPICS.publisherOf(message.topic()).orElseThrow(), 1L, Long::sum)).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(statuses).containsEntry("publisher-1", PublisherTopics.ONLINE).containsEntry("publisher-5", PublisherTopics.ONLINE);
            assertThat(telemetry.getOrDefault("publisher-1", 0L)).isGreaterThanOrEqualTo(10);
            assertThat(telemetry.getOrDefault("publisher-5", 0L)).isGreaterThanOrEqualTo(10);
        });

        try (HaMqttClient plain = HaMqttClient.create(HaClientConfig.builder()
                .address(cluster.description().node("node-3").address())
                .clientId("tls-it-plain")
                .credentials(credentials(AccessPolicy.OPERATOR))
                .build())) {
            assertThatThrownBy(() -> plain.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);
        }
    }

    private Credentials credentials(String username) {
        Login login = cluster.login(username);
        return Credentials.of(login.username(), login.password());
    }
}
