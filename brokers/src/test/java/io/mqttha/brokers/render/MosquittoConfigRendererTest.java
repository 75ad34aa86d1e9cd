package io.mqttha.brokers.render;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.Deployment;
import io.mqttha.brokers.model.NodeSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The measured Mosquitto 2.0.11 facts of DESIGN.md, as settings every rendered config must carry. */
class MosquittoConfigRendererTest {

    private final ClusterDescription cluster = ClusterDescription.standard();

    private List<String> settings(String node, Deployment deployment) {
        String conf = MosquittoConfigRenderer.render(cluster, cluster.node(node), deployment);
        return Arrays.stream(conf.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    @Test
    void tlsModeServesOnlyTlsWithTheNodesOwnCertificateAndBridgesVerifyTheRelays() {
        List<String> edge = Arrays.stream(MosquittoConfigRenderer.render(cluster, cluster.node("node-4"), Deployment.LOCAL, true)
                .split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")).toList();

        assertThat(edge).filteredOn(line -> line.startsWith("listener ")).hasSize(1);
        assertThat(edge).containsSubsequence("listener 18834 127.0.0.1", "cafile ../security/tls/ca.crt",
                "certfile ../security/tls/node-4.crt", "keyfile ../security/tls/node-4.key");
        assertThat(edge).contains("bridge_cafile ../security/tls/ca.crt", "bridge_insecure false");
        assertThat(settings("node-4", Deployment.LOCAL)).noneMatch(line -> line.startsWith("cafile") || line.startsWith("bridge_cafile"));
        assertThatThrownBy(() -> MosquittoConfigRenderer.render(cluster, cluster.node("node-4"), Deployment.COMPOSE, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void edgeHasOneBridgeToEitherRelayAndStaysWhereItIsUntilThatRelayFails() {
        List<String> edge = settings("node-3", Deployment.LOCAL);
        assertThat(edge).filteredOn(line -> line.startsWith("connection ")).hasSize(1);
        assertThat(edge).contains(
                "listener 18833 127.0.0.1",
                "address 127.0.0.1:18841 127.0.0.1:18842",
                "round_robin true",
                "remote_clientid bridge-node-3",
                "bridge_protocol_version mqttv50",
                "cleansession true",
                "local_cleansession false",
                "restart_timeout 1 2",
                "keepalive_interval 5",
                "topic # both 1");
    }

    @Test
    void everyNodeLiftsTheQueueLimitThatDropsMessagesSilently() {
        for (NodeSpec node : cluster.nodes()) {
            assertThat(settings(node.name(), Deployment.LOCAL)).contains("max_queued_messages 1000000");
        }
    }

    @Test
    void primaryRelayHasNoBridgeAndStandbyBridgesOnlyToThePrimary() {
        assertThat(settings("relay-a", Deployment.LOCAL)).noneMatch(line -> line.startsWith("connection "));
        List<String> standby = settings("relay-b", Deployment.LOCAL);
        assertThat(standby).contains("address 127.0.0.1:18841", "remote_clientid bridge-relay-b", "local_cleansession true",
                "topic # both 1");
        assertThat(standby).noneMatch(line -> line.startsWith("round_robin"));
    }

    @Test
    void restartTimeoutAlwaysHasTwoValuesBecauseOneIsIgnored() {
        for (NodeSpec node : cluster.nodes()) {
            settings(node.name(), Deployment.LOCAL).stream()
                    .filter(line -> line.startsWith("restart_timeout"))
                    .forEach(line -> assertThat(line.split(" ")).hasSize(3));
        }
    }

    @Test
    void composeConfigsListenOnTheContainerPortAndReachRelaysByServiceName() {
        List<String> edge = settings("node-5", Deployment.COMPOSE);
        assertThat(edge).contains("listener 1883", "address relay-a:1883 relay-b:1883");
        assertThat(settings("relay-b", Deployment.COMPOSE)).contains("address relay-a:1883");
    }

    @Test
    void localNodesBindToLoopbackOnly() {
        for (NodeSpec node : cluster.nodes()) {
            assertThat(settings(node.name(), Deployment.LOCAL))
                    .filteredOn(line -> line.startsWith("listener "))
                    .containsExactly("listener " + node.port() + " 127.0.0.1");
        }
    }
}
