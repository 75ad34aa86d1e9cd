package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.Deployment;
import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.brokers.probe.NodeState;
import io.mqttha.brokers.render.ComposeFileRenderer;
import io.mqttha.brokers.render.MosquittoConfigRenderer;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.MosquittoPasswordFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered compose configs are accepted by the image {@code docker-compose.yml} runs. Needs a
 * Docker engine, and is skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeConfigContainerIT {

    @ParameterizedTest
    @ValueSource(strings = {"node-1", "relay-a", "relay-b"})
    void imageRunsTheRenderedConfigAndAnswersMqtt(String node) {
        ClusterDescription cluster = ClusterDescription.standard();
        ClusterSecrets secrets = ClusterSecrets.generate(AccessPolicy.of(cluster), new SecureRandom());
        // What the compose service runs: the rendered config with the bridge's login appended.
        String config = MosquittoConfigRenderer.render(cluster, cluster.node(node), Deployment.COMPOSE)
                + MosquittoConfigRenderer.renderRunSecrets(cluster.node(node), secrets, null);
        try (GenericContainer<?> broker = new GenericContainer<>(DockerImageName.parse(ComposeFileRenderer.BROKER_IMAGE))
                .withCopyToContainer(Transferable.of(config), "/mosquitto/config/mosquitto.conf")
                .withCopyToContainer(Transferable.of(AccessPolicy.of(cluster).renderAclFile(), 0644),
                        MosquittoConfigRenderer.COMPOSE_ACL_FILE)
                .withCopyToContainer(Transferable.of(MosquittoPasswordFile.render(secrets.logins(), new SecureRandom()), 0644),
                        MosquittoConfigRenderer.COMPOSE_PASSWORD_FILE)
                .withExposedPorts(Deployment.CONTAINER_PORT)
                .waitingFor(Wait.forListeningPort())) {
            broker.start();
            MqttProbe.Result result = new MqttProbe().probe(broker.getHost(), broker.getMappedPort(Deployment.CONTAINER_PORT));
            assertThat(result.state()).as(result.detail()).isEqualTo(NodeState.UP);
        }
    }
}
