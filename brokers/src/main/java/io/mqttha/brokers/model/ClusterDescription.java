package io.mqttha.brokers.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one description of the cluster that every broker config, local or compose, is rendered from.
 *
 * <p>The topology is a tree with a redundant root (see {@code DESIGN.md}): seven client-facing
 * edges, each with one bridge to the primary relay and the standby relay as its fallback, and the
 * standby bridged to the primary. Mosquitto bridges have no hop count, so any cycle would loop
 * messages forever; a tree cannot.
 *
 * <p>Instances are immutable.
 */
public final class ClusterDescription {

    /** The address every local node listens on; the local cluster never binds to other interfaces. */
    public static final String LOCAL_HOST = "127.0.0.1";
    /** Number of client-facing edges. */
    public static final int EDGE_COUNT = 7;
    /** Port of {@code node-1}; {@code node-N} listens on {@code FIRST_EDGE_PORT + N - 1}. Clear of 1883, where a system broker usually listens. */
    public static final int FIRST_EDGE_PORT = 18831;
    /** How far above {@code node-1}'s port {@code relay-a} listens; {@code relay-b} listens one above it. */
    public static final int RELAY_PORT_OFFSET = 10;
    /** Port of {@code relay-a}. */
    public static final int PRIMARY_RELAY_PORT = FIRST_EDGE_PORT + RELAY_PORT_OFFSET;
    /** Port of {@code relay-b}. */
    public static final int STANDBY_RELAY_PORT = PRIMARY_RELAY_PORT + 1;
    /** Name of the primary relay. */
    public static final String PRIMARY_RELAY_NAME = "relay-a";
    /** Name of the standby relay. */
    public static final String STANDBY_RELAY_NAME = "relay-b";

    private final List<NodeSpec> nodes;

    private ClusterDescription(List<NodeSpec> nodes) {
        this.nodes = List.copyOf(nodes);
        long distinctNames = this.nodes.stream().map(NodeSpec::name).distinct().count();
        long distinctAddresses = this.nodes.stream().map(NodeSpec::address).distinct().count();
        if (distinctNames != this.nodes.size() || distinctAddresses != this.nodes.size()) {
            throw new IllegalArgumentException("Node names and addresses must be unique: " + this.nodes);
        }
    }

    /** The seven edges and the relay pair on their default local ports (18831–18837, 18841, 18842). */
    public static ClusterDescription standard() {
        return standard(FIRST_EDGE_PORT);
    }

    /**
     * The seven edges and the relay pair laid out as {@link #standard()}, from another first port: the edges on
     * {@code firstEdgePort} to {@code firstEdgePort + 6}, the relays {@value #RELAY_PORT_OFFSET} and
     * {@value #RELAY_PORT_OFFSET} + 1 above it.
     *
     * @throws IllegalArgumentException when a port would fall outside 1..65535
     */
    public static ClusterDescription standard(int firstEdgePort) {
        int standbyRelayPort = firstEdgePort + RELAY_PORT_OFFSET + 1;
        if (firstEdgePort < 1 || standbyRelayPort > 65_535) {
            throw new IllegalArgumentException("The first port must be within 1.." + (65_535 - RELAY_PORT_OFFSET - 1)
                    + " so that the relays' ports (" + RELAY_PORT_OFFSET + " and " + (RELAY_PORT_OFFSET + 1)
                    + " above it) exist, not " + firstEdgePort);
        }
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 1; i <= EDGE_COUNT; i++) {
            nodes.add(new NodeSpec(edgeName(i), NodeRole.EDGE, LOCAL_HOST, firstEdgePort + i - 1));
        }
        nodes.add(new NodeSpec(PRIMARY_RELAY_NAME, NodeRole.PRIMARY_RELAY, LOCAL_HOST, standbyRelayPort - 1));
        nodes.add(new NodeSpec(STANDBY_RELAY_NAME, NodeRole.STANDBY_RELAY, LOCAL_HOST, standbyRelayPort));
        return new ClusterDescription(nodes);
    }

    /**
     * A cluster of these nodes: at least one edge, exactly one primary and one standby relay, unique
     * names and addresses.
     */
    public static ClusterDescription of(List<NodeSpec> nodes) {
        for (NodeRole relay : List.of(NodeRole.PRIMARY_RELAY, NodeRole.STANDBY_RELAY)) {
            if (nodes.stream().filter(n -> n.role() == relay).count() != 1) {
                throw new IllegalArgumentException("A cluster needs exactly one " + relay.label() + ": " + nodes);
            }
        }
        if (nodes.stream().noneMatch(n -> n.role() == NodeRole.EDGE)) {
            throw new IllegalArgumentException("A cluster needs at least one edge: " + nodes);
        }
        return new ClusterDescription(nodes);
    }

    /** The name of the {@code index}-th edge (1-based), for example {@code node-3}. */
    public static String edgeName(int index) {
        return "node-" + index;
    }

    /**
     * The same cluster with every node moved to a port that is free right now, for tests that must
     * not collide with a running demo or with each other.
     */
    public ClusterDescription onFreePorts() {
        List<Integer> ports = FreePorts.take(nodes.size());
        List<NodeSpec> moved = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            moved.add(nodes.get(i).withPort(ports.get(i)));
        }
        return new ClusterDescription(moved);
    }

    /** Every node: the edges in order, then the primary and the standby relay. */
    public List<NodeSpec> nodes() {
        return nodes;
    }

    /** The client-facing edges, {@code node-1} first. */
    public List<NodeSpec> edges() {
        return nodes.stream().filter(n -> n.role() == NodeRole.EDGE).toList();
    }

    /** The primary relay. */
    public NodeSpec primaryRelay() {
        return onlyNodeWithRole(NodeRole.PRIMARY_RELAY);
    }

    /** The standby relay. */
    public NodeSpec standbyRelay() {
        return onlyNodeWithRole(NodeRole.STANDBY_RELAY);
    }

    /**
     * The node of that name.
     *
     * @throws UnknownNodeException naming the nodes that exist
     */
    public NodeSpec node(String name) {
        return nodes.stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new UnknownNodeException(name, nodeNames()));
    }

    /** The names of every node, in order. */
    public List<String> nodeNames() {
        return nodes.stream().map(NodeSpec::name).toList();
    }

    /** The client-facing addresses as one comma-separated list, the form the SDK and the apps take. */
    public String edgeAddresses() {
        return edges().stream().map(NodeSpec::address).collect(Collectors.joining(","));
    }

    /** The client id a node's bridge presents upstream; unique per bridge so edges never take over each other's session. */
    public static String bridgeClientId(NodeSpec node) {
        return bridgeClientId(node.name());
    }

    /** The bridge client id of the node named {@code nodeName}. */
    public static String bridgeClientId(String nodeName) {
        return "bridge-" + nodeName;
    }

    private NodeSpec onlyNodeWithRole(NodeRole role) {
        return nodes.stream().filter(n -> n.role() == role).findFirst().orElseThrow();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterDescription other && nodes.equals(other.nodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes);
    }

    @Override
    public String toString() {
        return "ClusterDescription" + nodes;
    }
}
