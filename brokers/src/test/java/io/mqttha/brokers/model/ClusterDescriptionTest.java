package io.mqttha.brokers.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterDescriptionTest {

    private final ClusterDescription standard = ClusterDescription.standard();

    @Test
    void standardClusterHasSevenEdgesAndTheRelayPairOnTheDocumentedPorts() {
        assertThat(standard.nodes()).extracting(NodeSpec::name).containsExactly(
                "node-1", "node-2", "node-3", "node-4", "node-5", "node-6", "node-7", "relay-a", "relay-b");
        assertThat(standard.edges()).extracting(NodeSpec::port)
                .containsExactly(18831, 18832, 18833, 18834, 18835, 18836, 18837);
        assertThat(standard.primaryRelay()).isEqualTo(new NodeSpec("relay-a", NodeRole.PRIMARY_RELAY, "127.0.0.1", 18841));
        assertThat(standard.standbyRelay()).isEqualTo(new NodeSpec("relay-b", NodeRole.STANDBY_RELAY, "127.0.0.1", 18842));
        assertThat(standard.nodes()).allSatisfy(node -> assertThat(node.host()).isEqualTo("127.0.0.1"));
    }

    @Test
    void edgeAddressesAreTheListClientsTake() {
        assertThat(standard.edgeAddresses()).isEqualTo(
                "127.0.0.1:18831,127.0.0.1:18832,127.0.0.1:18833,127.0.0.1:18834,127.0.0.1:18835,127.0.0.1:18836,127.0.0.1:18837");
    }

    @Test
    void unknownNodeIsRefusedWithTheNamesThatExist() {
        assertThatThrownBy(() -> standard.node("node-9"))
                .isInstanceOf(UnknownNodeException.class)
                .hasMessage("Unknown node 'node-9': the cluster has node-1, node-2, node-3, node-4, node-5, node-6, node-7, relay-a, relay-b.");
    }

    @Test
    void freePortsKeepTheTopologyAndUseDistinctPorts() {
        ClusterDescription moved = standard.onFreePorts();
        assertThat(moved.nodeNames()).isEqualTo(standard.nodeNames());
        assertThat(moved.nodes()).extracting(NodeSpec::role).isEqualTo(standard.nodes().stream().map(NodeSpec::role).toList());
        assertThat(moved.nodes()).extracting(NodeSpec::port).doesNotHaveDuplicates();
    }

    @Test
    void anotherFirstPortKeepsTheLayout() {
        ClusterDescription moved = ClusterDescription.standard(28831);
        assertThat(moved.nodeNames()).isEqualTo(standard.nodeNames());
        assertThat(moved.nodes()).extracting(NodeSpec::port)
                .containsExactly(28831, 28832, 28833, 28834, 28835, 28836, 28837, 28841, 28842);
        assertThat(ClusterDescription.standard(ClusterDescription.FIRST_EDGE_PORT).nodes()).isEqualTo(standard.nodes());
        assertThatThrownBy(() -> ClusterDescription.standard(65_530))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The first port must be within 1..65524 so that the relays' ports (10 and 11 above it) exist, not 65530");
    }

    @Test
    void aClusterWithoutBothRelaysIsRefused() {
        List<NodeSpec> noStandby = standard.nodes().stream().filter(n -> n.role() != NodeRole.STANDBY_RELAY).toList();
        assertThatThrownBy(() -> ClusterDescription.of(noStandby))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one relay-standby");
    }

    @Test
    void bridgeClientIdsAreUniquePerNode() {
        assertThat(standard.nodes()).extracting(ClusterDescription::bridgeClientId).doesNotHaveDuplicates();
    }
}
