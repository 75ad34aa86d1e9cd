package io.mqttha.brokers.model;

import java.util.Objects;

/**
 * One broker of the cluster: its name, role and the address clients reach it at.
 *
 * @param name unique node name, for example {@code node-3} or {@code relay-a}
 * @param role what the node does in the tree
 * @param host the host clients connect to
 * @param port the MQTT port clients connect to
 */
public record NodeSpec(String name, NodeRole role, String host, int port) {

    /** Validates the fields. */
    public NodeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Port of " + name + " must be between 1 and 65535, was " + port);
        }
    }

    /** The address as {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    /** This node at another port. */
    public NodeSpec withPort(int newPort) {
        return new NodeSpec(name, role, host, newPort);
    }
}
