package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.probe.NodeHealth;
import io.mqttha.brokers.probe.NodeHealthTracker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster as recorded in the run directory's state file: written after every change, so that a cluster
 * started by one process can be controlled from another ({@code ./demo cluster kill node-3} beside a running
 * demo), and read back before every change, because that other process may have acted meanwhile.
 */
final class ClusterState {

    private final Path runDirectory;
    private final Instant startedAt;
    private final boolean tls;
    /** The version of the state file this process wrote last, or null. */
    private Object written;

    ClusterState(Path runDirectory, Instant startedAt, boolean tls) {
        this.runDirectory = runDirectory;
        this.startedAt = startedAt;
        this.tls = tls;
    }

    /** @throws ClusterException when a live cluster is recorded in {@code runDirectory} */
    static void refuseIfRunning(Path runDirectory) {
        Optional<ClusterStateFile.State> previous = ClusterStateFile.read(runDirectory);
        if (previous.isPresent() && previous.get().nodes().stream().anyMatch(n -> recordedProcess(n).isPresent())) {
            throw new ClusterException("A cluster is already running from " + runDirectory + " (started "
                    + previous.get().startedAt() + "): stop it with `./demo cluster down` first.");
        }
    }

    /** @throws ClusterException when nothing is recorded in {@code runDirectory} */
    static ClusterStateFile.State recorded(Path runDirectory) {
        return ClusterStateFile.read(runDirectory).orElseThrow(() -> new ClusterException(
                "No cluster is running from " + runDirectory + ": start one with `./demo cluster up`."));
    }

    /** The description of a recorded cluster. */
    static ClusterDescription description(ClusterStateFile.State state) {
        return ClusterDescription.of(state.nodes().stream()
                .map(n -> new NodeSpec(n.name(), n.role(), n.host(), n.port()))
                .toList());
    }

    /** Takes over the recorded processes and the health last seen of each node, as {@code attach} does. */
    static void restore(ClusterStateFile.State state, NodeProcesses processes, NodeHealthTracker health) {
        for (ClusterStateFile.Node recorded : state.nodes()) {
            NodeProcesses.ManagedNode node = processes.managed(recorded.name());
            recordedProcess(recorded).ifPresent(process -> node.process().adopt(process, recorded.paused()));
            if (recorded.state() != null && recorded.since() != null) {
                health.restore(new NodeHealth(node.spec(), recorded.state(), Instant.parse(recorded.since()),
                        Duration.ZERO, Objects.requireNonNullElse(recorded.detail(), "")));
            }
        }
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean tls() {
        return tls;
    }

    /**
     * Another process may have controlled this cluster through the state file: the file's live processes are
     * the truth, so that a later stop reaches a node restarted elsewhere.
     */
    void adoptInto(NodeProcesses processes) {
        // Checking every recorded process costs milliseconds (a look into /proc per node), which a benchmark
        // timing a kill would count: skip it while the file is still the one this process wrote.
        if (written != null && ClusterStateFile.version(runDirectory).filter(written::equals).isPresent()) {
            return;
        }
        Optional<ClusterStateFile.State> state = ClusterStateFile.read(runDirectory);
        if (state.isEmpty()) {
            return;
        }
        for (ClusterStateFile.Node recorded : state.get().nodes()) {
            NodeProcesses.ManagedNode managed = processes.find(recorded.name());
            if (managed == null) {
                continue;
            }
            Optional<ProcessHandle> process = recordedProcess(recorded);
            if (process.isPresent()) {
                managed.process().adopt(process.get(), recorded.paused());
            } else if (recorded.pid() != null
                    && managed.process().handle().map(ProcessHandle::pid).orElse(-1L).equals(recorded.pid())) {
                managed.process().clear();
            }
        }
    }

    /** Records every node's process and health. */
    void save(NodeProcesses processes, NodeHealthTracker health) {
        List<ClusterStateFile.Node> recorded = new ArrayList<>();
        for (NodeProcesses.ManagedNode managed : processes.all()) {
            NodeSpec spec = managed.spec();
            NodeHealth known = health.get(spec.name());
            Optional<ProcessHandle> process = managed.process().handle();
            recorded.add(new ClusterStateFile.Node(spec.name(), spec.role(), spec.host(), spec.port(),
                    process.map(ProcessHandle::pid).orElse(null), managed.process().processStart().orElse(null),
                    managed.process().isPaused(), known.state(), known.since().toString(), known.detail()));
        }
        ClusterStateFile.write(runDirectory, new ClusterStateFile.State(startedAt.toString(),
                processes.mosquitto().toString(), tls, recorded));
        written = ClusterStateFile.version(runDirectory).orElse(null);
    }

    /** Forgets the cluster. */
    void delete() {
        ClusterStateFile.delete(runDirectory);
        written = null;
    }

    private static Optional<ProcessHandle> recordedProcess(ClusterStateFile.Node recorded) {
        return ManagedProcess.find(recorded.pid(), recorded.processStart());
    }
}
