package io.mqttha.dashboard;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.client.Credentials;
import io.mqttha.client.TlsSettings;
import io.mqttha.publisher.PublisherTopics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The nodes and publishers one dashboard shows: fixed for its lifetime, so that every tile and row exists
 * from the first frame and a node that never answered still has a tile saying so.
 *
 * @param nodes       edges first, then relays
 * @param publishers  publisher names, for example {@code publisher-1}
 * @param credentials the dashboard's login to the cluster; empty to connect anonymously
 * @param tls         MQTT over TLS with these settings; empty for plain MQTT
 */
public record DashboardTopology(List<NodeInfo> nodes, List<String> publishers, Optional<Credentials> credentials,
                                Optional<TlsSettings> tls) {

    /** Copies the lists. */
    public DashboardTopology {
        nodes = List.copyOf(nodes);
        publishers = List.copyOf(publishers);
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tls, "tls");
    }

    /**
     * The same topology, reached with {@code login}.
     *
     * @param login the dashboard's credentials
     * @return the topology with them
     */
    public DashboardTopology withCredentials(Credentials login) {
        return new DashboardTopology(nodes, publishers, Optional.of(login), tls);
    }

    /**
     * The same topology, reached over TLS.
     *
     * @param settings the TLS settings, with the trust store that verifies the nodes
     * @return the topology with them
     */
    public DashboardTopology withTls(TlsSettings settings) {
        return new DashboardTopology(nodes, publishers, credentials, Optional.of(settings));
    }

    /**
     * The nodes of a cluster description and one publisher per edge, as {@code ./demo} runs them.
     *
     * @param cluster the cluster
     * @return its topology
     */
    public static DashboardTopology of(ClusterDescription cluster) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (NodeSpec node : cluster.nodes()) {
            nodes.add(new NodeInfo(node.name(), node.role().isRelay(), node.address()));
        }
        List<String> publishers = new ArrayList<>();
        for (int index = 1; index <= cluster.edges().size(); index++) {
            publishers.add(PublisherTopics.publisherName(index));
        }
        return new DashboardTopology(nodes, publishers, Optional.empty(), Optional.empty());
    }

    /**
     * The edges {@code node-1 …} at {@code edgeAddresses} in that order, the relays {@code relay-a} and
     * {@code relay-b} at {@code relayAddresses}, and one publisher per edge.
     *
     * @param edgeAddresses  {@code host:port} of each edge
     * @param relayAddresses {@code host:port} of the primary relay, then of the standby (either may be absent)
     * @return the topology
     */
    public static DashboardTopology of(List<String> edgeAddresses, List<String> relayAddresses) {
        List<NodeInfo> nodes = new ArrayList<>();
        List<String> publishers = new ArrayList<>();
        for (int i = 0; i < edgeAddresses.size(); i++) {
            nodes.add(new NodeInfo(ClusterDescription.edgeName(i + 1), false, edgeAddresses.get(i)));
            publishers.add(PublisherTopics.publisherName(i + 1));
        }
        List<String> relayNames = List.of(ClusterDescription.PRIMARY_RELAY_NAME, ClusterDescription.STANDBY_RELAY_NAME);
        for (int i = 0; i < relayAddresses.size() && i < relayNames.size(); i++) {
            nodes.add(new NodeInfo(relayNames.get(i), true, relayAddresses.get(i)));
        }
        return new DashboardTopology(nodes, publishers, Optional.empty(), Optional.empty());
    }

    /**
     * The client-facing nodes.
     *
     * @return the edges in order
     */
    public List<NodeInfo> edges() {
        return nodes.stream().filter(node -> !node.relay()).toList();
    }

    /**
     * The backbone nodes.
     *
     * @return the relays in order
     */
    public List<NodeInfo> relays() {
        return nodes.stream().filter(NodeInfo::relay).toList();
    }

    /**
     * The node listening at an address.
     *
     * @param address {@code host:port}
     * @return its name, if it is one of these nodes
     */
    public Optional<String> nodeAt(String address) {
        return nodes.stream().filter(node -> node.address().equals(address)).map(NodeInfo::name).findFirst();
    }

    /**
     * Whether a node of this name exists.
     *
     * @param name a node name
     * @return true if it is shown
     */
    public boolean hasNode(String name) {
        return nodes.stream().anyMatch(node -> node.name().equals(Objects.requireNonNull(name)));
    }
}
