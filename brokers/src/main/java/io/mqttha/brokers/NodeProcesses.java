package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.model.UnknownNodeException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mosquitto} process of every node: launching with the node's config, and breaking nodes on
 * purpose. Each method waits for its effect (a killed process has exited) before it returns; the caller
 * serialises calls.
 */
final class NodeProcesses {

    /** How long a stopped broker may take to exit after SIGTERM before it gets SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Name of a node's log (its standard output and error) inside its run directory. */
    static final String LOG_FILE_NAME = "mosquitto.log";

    /** A node and the process that serves it. */
    record ManagedNode(NodeSpec spec, ManagedProcess process) {
    }

    private final ClusterDescription description;
    private final Path mosquitto;
    private final ClusterProvisioning provisioning;
    private final Map<String, ManagedNode> nodes = new LinkedHashMap<>();

    NodeProcesses(ClusterDescription description, Path runDirectory, Path mosquitto, ClusterProvisioning provisioning) {
        this.description = description;
        this.mosquitto = mosquitto;
        this.provisioning = provisioning;
        for (NodeSpec node : description.nodes()) {
            nodes.put(node.name(), new ManagedNode(node,
                    new ManagedProcess(node.name(), runDirectory.resolve(node.name()), LOG_FILE_NAME)));
        }
    }

    /** Whether this JVM's exit, in any way, stops every node ({@link ManagedProcess#stopWithThisJvm}). */
    void stopWithThisJvm(boolean stops) {
        nodes.values().forEach(node -> node.process().stopWithThisJvm(stops));
    }

    Path mosquitto() {
        return mosquitto;
    }

    Collection<ManagedNode> all() {
        return nodes.values();
    }

    /** The node called {@code name}, if the cluster has one; a recorded node the description lacks is null. */
    ManagedNode find(String name) {
        return nodes.get(name);
    }

    /** @throws UnknownNodeException naming the nodes when there is none called {@code name} */
    ManagedNode managed(String name) {
        ManagedNode managed = nodes.get(name);
        if (managed == null) {
            throw new UnknownNodeException(name, description.nodeNames());
        }
        return managed;
    }

    /** @throws ClusterException saying how to start it when {@code name} is not running */
    ManagedNode requireRunning(String name) {
        ManagedNode managed = managed(name);
        if (!managed.process().isRunning()) {
            throw new ClusterException(name + " is not running: start it with `./demo cluster restart " + name + "`.");
        }
        return managed;
    }

    /** Writes {@code node}'s config and starts its broker; the caller waits for it to answer. */
    void launch(NodeSpec node) {
        ManagedNode managed = managed(node.name());
        Path config = provisioning.writeConfig(node, managed.process().directory());
        managed.process().launch(mosquitto, List.of("-c", config.toString()));
    }

    /** SIGKILL, as a crash would, and waits until the process is gone. */
    void kill(String node) {
        requireRunning(node).process().kill(STOP_GRACE);
    }

    /** SIGSTOP: the node keeps its sockets and accepts TCP, but answers nothing. */
    void pause(String node) {
        ManagedNode managed = requireRunning(node);
        if (managed.process().isPaused()) {
            throw new ClusterException(node + " is already paused.");
        }
        managed.process().pause();
    }

    /** SIGCONT for a paused node. */
    void resume(String node) {
        ManagedNode managed = requireRunning(node);
        if (!managed.process().isPaused()) {
            throw new ClusterException(node + " is not paused.");
        }
        managed.process().resume();
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}. */
    void stop(String node) {
        stopIfRunning(requireRunning(node));
    }

    /** Stops {@code node} if it runs and starts it again on its port; the caller waits for it to answer. */
    void relaunch(String node) {
        ManagedNode managed = managed(node);
        stopIfRunning(managed);
        requireFreePort(managed.spec());
        launch(managed.spec());
    }

    /** Stops every running node, all at once rather than one after another. */
    void stopAll() {
        for (ManagedNode managed : nodes.values()) {
            if (managed.process().isRunning()) {
                managed.process().requestStop();
            }
        }
        for (ManagedNode managed : nodes.values()) {
            managed.process().finishStop(STOP_GRACE);
        }
    }

    /** @throws ClusterException naming the node when its port is taken */
    static void requireFreePort(NodeSpec node) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(node.host()), node.port()));
        } catch (IOException e) {
            throw new ClusterException("Port " + node.port() + " on " + node.host() + ", which " + node.name()
                    + " needs, is already in use: stop whatever listens there, then try again.");
        }
    }

    private static void stopIfRunning(ManagedNode managed) {
        if (managed.process().isRunning()) {
            managed.process().requestStop();
            managed.process().finishStop(STOP_GRACE);
        }
    }
}
