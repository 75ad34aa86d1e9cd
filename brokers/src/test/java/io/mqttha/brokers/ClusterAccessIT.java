package io.mqttha.brokers;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.Login;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The cluster's authentication and ACL, on the real nine brokers: who may connect, and who may write what. */
class ClusterAccessIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough for a message to cross edge -> relay -> edge many times over on this machine. */
    private static final Duration NOT_DELIVERED_WAIT = Duration.ofSeconds(2);

    @TempDir
    Path runDirectory;

    private LocalCluster cluster;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory);
    }

    @AfterEach
    void stopCluster() {
        for (Mqtt5BlockingClient client : clients) {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
        cluster.close();
    }

    @Test
    void anAnonymousClientIsRefusedOnEveryNode() {
        for (NodeSpec node : cluster.description().nodes()) {
            Mqtt5BlockingClient anonymous = client(node, null);
            assertThatThrownBy(anonymous::connect)
                    .as(node.name())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused ->
                            assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Login real = cluster.login(AccessPolicy.publisherName(3));
        Mqtt5BlockingClient impostor = client(edge(3), new Login(real.username(), real.password() + "x"));
        assertThatThrownBy(impostor::connect)
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, refused ->
                        assertThat(refused.getMqttMessage().getReasonCode().isError()).isTrue());
    }

    @Test
    void aPublisherWritesItsOwnTopicsAndNoOtherPublishersTopics() {
        Queue<String> seen = watchEverything(edge(5));
        Mqtt5BlockingClient publisher3 = connected(edge(3), cluster.login(AccessPolicy.publisherName(3)));

        publisher3.publishWith().topic("mqtt-ha/publisher-3/state").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("mine")).send();
        assertThatThrownBy(() -> publisher3.publishWith().topic("mqtt-ha/publisher-4/state").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("forged")).send())
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, refused ->
                        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        assertThatThrownBy(() -> publisher3.publishWith().topic("elsewhere/entirely").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("stray")).send())
                .isInstanceOf(Mqtt5PubAckException.class);

        await().atMost(DELIVERY_TIMEOUT).until(() -> seen.contains("mqtt-ha/publisher-3/state=mine"));
        await().during(NOT_DELIVERED_WAIT).atMost(NOT_DELIVERED_WAIT.plusSeconds(1))
                .until(() -> seen.stream().noneMatch(line -> line.endsWith("=forged") || line.endsWith("=stray")));
    }

    @Test
    void theDashboardReadsEverythingAndWritesOnlyRepairRequests() {
        Login dashboardLogin = cluster.login(AccessPolicy.DASHBOARD);
        Queue<String> seenByDashboard = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient dashboard = connected(edge(1), dashboardLogin);
        dashboard.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish ->
                seenByDashboard.add(publish.getTopic() + "=" + StandardCharsets.UTF_8.decode(publish.getPayload().orElseThrow())));
        dashboard.subscribeWith().topicFilter("mqtt-ha/#").qos(MqttQos.AT_LEAST_ONCE).send();

        connected(edge(6), cluster.login(AccessPolicy.publisherName(6)))
                .publishWith().topic("mqtt-ha/publisher-6/telemetry/qos1").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("t")).send();
        await().atMost(DELIVERY_TIMEOUT).until(() -> seenByDashboard.contains("mqtt-ha/publisher-6/telemetry/qos1=t"));

        dashboard.publishWith().topic(AccessPolicy.CONTROL_PREFIX + "publisher-6/repair").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("{}")).send();
        assertThatThrownBy(() -> dashboard.publishWith().topic("mqtt-ha/publisher-6/status").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("offline")).send())
                .isInstanceOf(Mqtt5PubAckException.class);
    }

    @Test
    void theRunsSecretsAreReadableByTheirOwnerOnly() throws IOException {
        Path security = runDirectory.resolve(ClusterSecrets.DIRECTORY_NAME);
        List<Path> secretFiles = new ArrayList<>(List.of(ClusterSecrets.file(runDirectory), security.resolve("passwords")));
        cluster.description().nodes().forEach(node -> secretFiles.add(runDirectory.resolve(node.name()).resolve(LocalCluster.CONFIG_FILE_NAME)));
        for (Path file : secretFiles) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        String everyPassword = cluster.login(AccessPolicy.OPERATOR).password();
        try (Stream<Path> files = Files.walk(runDirectory)) {
            for (Path log : files.filter(path -> path.getFileName().toString().equals(LocalCluster.LOG_FILE_NAME)).toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(everyPassword);
            }
        }
    }

    private Queue<String> watchEverything(NodeSpec node) {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient watcher = connected(node, cluster.login(AccessPolicy.OPERATOR));
        watcher.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish ->
                seen.add(publish.getTopic() + "=" + StandardCharsets.UTF_8.decode(publish.getPayload().orElseThrow())));
        watcher.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        return seen;
    }

    private NodeSpec edge(int index) {
        return cluster.description().node(ClusterDescription.edgeName(index));
    }

    private Mqtt5BlockingClient connected(NodeSpec node, Login login) {
        Mqtt5BlockingClient client = client(node, login);
        client.connect();
        return client;
    }

    private Mqtt5BlockingClient client(NodeSpec node, Login login) {
        var builder = Mqtt5Client.builder()
                .identifier((login == null ? "anonymous" : login.username()) + "-" + UUID.randomUUID())
                .serverHost(node.host())
                .serverPort(node.port());
        if (login != null) {
            builder = builder.simpleAuth().username(login.username()).password(bytes(login.password())).applySimpleAuth();
        }
        Mqtt5BlockingClient client = builder.buildBlocking();
        clients.add(client);
        return client;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
