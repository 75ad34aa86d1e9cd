package io.mqttha.brokers.probe;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.model.UnknownNodeException;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Folds probe results into each node's health, keeping the time of the last change. Time comes from
 * an injected clock so that transitions are tested without waiting. Thread-safe.
 */
public final class NodeHealthTracker {

    private final Clock clock;
    private final Map<String, NodeHealth> health = new LinkedHashMap<>();

    /** Tracks every node of {@code cluster}, all {@link NodeState#UNKNOWN} until probed. */
    public NodeHealthTracker(ClusterDescription cluster, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (NodeSpec node : cluster.nodes()) {
            health.put(node.name(), NodeHealth.unknown(node, clock.instant()));
        }
    }

    /**
     * Records a probe of {@code node}.
     *
     * @return the new health when the state changed, empty when it stayed the same (its round trip and
     *         detail are still updated)
     */
    public synchronized Optional<NodeHealth> record(NodeSpec node, MqttProbe.Result result) {
        NodeHealth previous = health.get(node.name());
        if (previous == null) {
            throw new UnknownNodeException(node.name(), List.copyOf(health.keySet()));
        }
        boolean changed = previous.state() != result.state();
        NodeHealth next = new NodeHealth(node, result.state(), changed ? clock.instant() : previous.since(),
                result.roundTrip(), result.detail());
        health.put(node.name(), next);
        return changed ? Optional.of(next) : Optional.empty();
    }

    /** Takes over health known from before, for example from the state file of a cluster left running. */
    public synchronized void restore(NodeHealth known) {
        get(known.node().name());
        health.put(known.node().name(), known);
    }

    /** The health of {@code name}. */
    public synchronized NodeHealth get(String name) {
        NodeHealth known = health.get(name);
        if (known == null) {
            throw new UnknownNodeException(name, List.copyOf(health.keySet()));
        }
        return known;
    }

    /** Every node's health, in the description's order. */
    public synchronized List<NodeHealth> snapshot() {
        return List.copyOf(health.values());
    }
}
