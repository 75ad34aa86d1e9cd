package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.probe.BridgeStates;
import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.brokers.probe.NodeHealthTracker;
import io.mqttha.brokers.probe.NodeState;
import io.mqttha.brokers.security.Login;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * What the cluster's nodes and bridges say about themselves: probes recorded in the nodes' health, the
 * relays' bridge reports, and the waits of a start or restart until nodes answer and bridges connect.
 */
final class ClusterReadiness {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReadiness.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);
    private static final Duration BRIDGE_READ_TIMEOUT = Duration.ofSeconds(1);

    private final ClusterDescription description;
    private final NodeProcesses processes;
    private final NodeHealthTracker health;
    private final MqttProbe probe;
    private final Login operator;
    private final SSLSocketFactory tls;
    private final Path runDirectory;
    private final Clock clock;

    ClusterReadiness(ClusterDescription description, NodeProcesses processes, NodeHealthTracker health, Login operator,
            Optional<RunTrust> trust, Path runDirectory, Clock clock) {
        this.description = description;
        this.processes = processes;
        this.health = health;
        this.operator = operator;
        this.tls = trust.map(RunTrust::socketFactory).orElse(null);
        this.probe = new MqttProbe(MqttProbe.DEFAULT_CONNECT_TIMEOUT, MqttProbe.DEFAULT_ANSWER_TIMEOUT, tls);
        this.runDirectory = runDirectory;
        this.clock = clock;
    }

    /** Probes {@code node} once and records the result in its health. */
    MqttProbe.Result probe(NodeSpec node) {
        MqttProbe.Result result = probe.probe(node.host(), node.port());
        health.record(node, result).ifPresent(changed ->
                LOG.info("{} is {} ({})", node.name(), changed.state().label(), changed.detail()));
        return result;
    }

    /** The relay {@code edge}'s bridge is connected to, as the relays report it. */
    Optional<NodeSpec> bridgedTo(NodeSpec edge) {
        String clientId = ClusterDescription.bridgeClientId(edge);
        for (NodeSpec relay : List.of(description.primaryRelay(), description.standbyRelay())) {
            if (!relay.equals(edge) && Boolean.TRUE.equals(bridgeStates(relay).get(clientId))) {
                return Optional.of(relay);
            }
        }
        return Optional.empty();
    }

    /** Waits until every node of {@code awaited} answers MQTT; one progress line per node that does. */
    void awaitUp(Collection<NodeSpec> awaited, Instant deadline, Consumer<String> progress) {
        List<NodeSpec> pending = new ArrayList<>(awaited);
        while (!pending.isEmpty()) {
            for (NodeSpec node : List.copyOf(pending)) {
                ManagedProcess process = processes.managed(node.name()).process();
                if (!process.isRunning()) {
                    throw new ClusterException(node.name() + " exited while starting: " + process.lastLogLine()
                            + " (log: " + process.logFile() + ").");
                }
                MqttProbe.Result result = probe(node);
                if (result.state() == NodeState.UP) {
                    pending.remove(node);
                    progress.accept(String.format("%-8s up on %s (pid %d, %d ms to answer)", node.name(),
                            node.address(), process.handle().map(ProcessHandle::pid).orElse(-1L),
                            result.roundTrip().toMillis()));
                }
            }
            if (!pending.isEmpty()) {
                if (clock.instant().isAfter(deadline)) {
                    throw new ClusterException(pending.stream().map(NodeSpec::name).toList()
                            + " did not answer MQTT in time; see the logs in " + runDirectory + ".");
                }
                ManagedProcess.sleep(POLL_INTERVAL);
            }
        }
    }

    /** Waits until the primary relay reports every other node's bridge connected. */
    void awaitBridgesOnPrimary(Duration timeout) {
        NodeSpec primary = description.primaryRelay();
        List<String> expected = description.nodes().stream()
                .filter(n -> !n.equals(primary))
                .map(ClusterDescription::bridgeClientId)
                .toList();
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Map<String, Boolean> states = bridgeStates(primary);
            List<String> missing = expected.stream().filter(id -> !Boolean.TRUE.equals(states.get(id))).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ClusterException("Bridges " + String.join(", ", missing) + " did not connect to "
                        + primary.name() + " within " + timeout.toMillis() + " ms; see the logs in " + runDirectory + ".");
            }
            ManagedProcess.sleep(POLL_INTERVAL);
        }
    }

    /**
     * Waits until every bridge is connected: each edge's to either relay (a bridge stays on the relay it moved
     * to), the standby relay's to the primary.
     */
    void awaitBridgesConnected(Duration timeout) {
        NodeSpec primary = description.primaryRelay();
        NodeSpec standby = description.standbyRelay();
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Map<String, Boolean> onPrimary = bridgeStates(primary);
            Map<String, Boolean> onStandby = bridgeStates(standby);
            List<String> missing = description.nodes().stream()
                    .filter(node -> !node.equals(primary))
                    .map(ClusterDescription::bridgeClientId)
                    .filter(id -> !Boolean.TRUE.equals(onPrimary.get(id)) && !Boolean.TRUE.equals(onStandby.get(id)))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ClusterException("Bridges " + String.join(", ", missing) + " did not connect to a relay within "
                        + timeout.toMillis() + " ms; see the logs in " + runDirectory + ".");
            }
            ManagedProcess.sleep(POLL_INTERVAL);
        }
    }

    private Map<String, Boolean> bridgeStates(NodeSpec relay) {
        return BridgeStates.read(relay, operator, tls, BRIDGE_READ_TIMEOUT);
    }
}
