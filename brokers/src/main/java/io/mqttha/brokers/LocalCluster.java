package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.brokers.probe.NodeHealth;
import io.mqttha.brokers.probe.NodeHealthTracker;
import io.mqttha.brokers.probe.NodeState;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.Login;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster as local {@code mosquitto} processes: starts the nine brokers, each with its own run
 * directory, config and log, waits until every node answers MQTT and every bridge is connected, and
 * breaks nodes on purpose (kill, pause, resume, restart, stop).
 *
 * <p>It is a facade over four parts: {@link ClusterProvisioning} (logins, certificates, configs),
 * {@link NodeProcesses} (the processes), {@link ClusterState} (the run directory's state file) and
 * {@link ClusterReadiness} (probes, bridge reports, waits). Every change is recorded in the state file, so
 * that {@link #attach} finds the cluster from another process: {@code ./demo cluster kill node-3} works
 * beside a running demo, and between {@code ./demo cluster up} and {@code down}. A cluster from
 * {@link #start} belongs to its caller: {@link #close()} (or the JVM's exit, in any way: a {@link ProcessLeash}
 * stops the brokers of a killed JVM) stops every process of it, including a node restarted from another process
 * meanwhile (after a kill of the JVM, once this object has seen it). {@link #detach()} hands the processes over to
 * the state file instead and leaves them running.
 *
 * <p>Control methods are thread-safe; each waits for its effect (a killed process has exited, a restarted
 * node answers MQTT) before it returns.
 */
public final class LocalCluster implements AutoCloseable {

    /** How long {@link #start} waits for every node to answer MQTT and every bridge to connect, unless set. */
    public static final Duration DEFAULT_READY_TIMEOUT = ClusterOptions.DEFAULT_READY_TIMEOUT;
    /** How long a stopped broker may take to exit after SIGTERM before it gets SIGKILL. */
    public static final Duration STOP_GRACE = NodeProcesses.STOP_GRACE;
    /** Name of a node's config inside its run directory. */
    public static final String CONFIG_FILE_NAME = ClusterProvisioning.CONFIG_FILE_NAME;
    /** Name of a node's log (its standard output and error) inside its run directory. */
    public static final String LOG_FILE_NAME = NodeProcesses.LOG_FILE_NAME;

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    private final ClusterDescription description;
    private final Path runDirectory;
    private final ClusterProvisioning provisioning;
    private final NodeProcesses processes;
    private final ClusterState state;
    private final NodeHealthTracker health;
    private final ClusterReadiness readiness;
    private final Clock clock;
    private volatile boolean owner;
    private RelaySupervisor supervisor;
    /** Stops an owned cluster when the JVM exits without closing it (Ctrl-C, a test run cut short). */
    private final Thread stopOnExit = new Thread(this::close, "local-cluster-stop-on-exit");

    private LocalCluster(ClusterDescription description, Path runDirectory, Path mosquitto,
            ClusterProvisioning provisioning, ClusterState state, Clock clock, boolean owner) {
        this.description = description;
        this.runDirectory = runDirectory;
        this.provisioning = provisioning;
        this.processes = new NodeProcesses(description, runDirectory, mosquitto, provisioning);
        this.state = state;
        this.health = new NodeHealthTracker(description, clock);
        this.readiness = new ClusterReadiness(description, processes, health,
                provisioning.secrets().login(AccessPolicy.OPERATOR), provisioning.trust(), runDirectory, clock);
        this.clock = clock;
        this.owner = owner;
        if (owner) {
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            // The hook does not run when the JVM is killed; the leash still stops the brokers then.
            processes.stopWithThisJvm(true);
        }
    }

    /**
     * Starts every node with {@link ClusterOptions#defaults()}.
     *
     * @see #start(ClusterDescription, Path, ClusterOptions)
     */
    public static LocalCluster start(ClusterDescription description, Path runDirectory) {
        return start(description, runDirectory, ClusterOptions.defaults());
    }

    /**
     * Starts every node, relays first so that edge bridges connect at once, and returns once every node
     * answers MQTT and every bridge is connected to the primary relay. In TLS mode a development certificate
     * authority is made for the run, every node listens for MQTT over TLS only with its own certificate,
     * every bridge verifies the relay's, and clients trust {@link #trustStore()}.
     *
     * @param description  the cluster to run
     * @param runDirectory where each node gets a folder with its config and log, and where the state
     *                     file is kept; created when missing
     * @param options      TLS, progress lines, ready timeout
     * @throws ClusterException when a cluster already runs from {@code runDirectory}, a port is taken,
     *                          {@code mosquitto} is missing, or a node does not come up in time; every
     *                          process started so far is stopped first
     */
    public static LocalCluster start(ClusterDescription description, Path runDirectory, ClusterOptions options) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(options, "options");
        Path directory = runDirectory.toAbsolutePath();
        ClusterState.refuseIfRunning(directory);
        Path mosquitto = MosquittoBinary.locate();
        description.nodes().forEach(NodeProcesses::requireFreePort);
        Clock clock = Clock.systemUTC();
        ClusterProvisioning provisioning = ClusterProvisioning.create(description, directory, options);
        LocalCluster cluster = new LocalCluster(description, directory, mosquitto, provisioning,
                new ClusterState(directory, clock.instant(), options.tls()), clock, true);
        try {
            cluster.launchAll(options);
            return cluster;
        } catch (RuntimeException e) {
            cluster.stopAll();
            throw e;
        }
    }

    /**
     * Finds the cluster a previous {@link #start} left running in {@code runDirectory} (after
     * {@link #detach()}). Closing the returned object leaves the processes running.
     *
     * @throws ClusterException when no cluster state is there
     */
    public static LocalCluster attach(Path runDirectory) {
        Path directory = runDirectory.toAbsolutePath();
        ClusterStateFile.State recorded = ClusterState.recorded(directory);
        ClusterDescription description = ClusterState.description(recorded);
        LocalCluster cluster = new LocalCluster(description, directory, Path.of(recorded.mosquitto()),
                ClusterProvisioning.read(description, directory, recorded.tls()),
                new ClusterState(directory, Instant.parse(recorded.startedAt()), recorded.tls()), Clock.systemUTC(),
                false);
        ClusterState.restore(recorded, cluster.processes, cluster.health);
        return cluster;
    }

    /** Logs a line of a start's progress; what {@link ClusterOptions#defaults()} does with them. */
    static void logProgress(String line) {
        LOG.info(line);
    }

    /** The cluster this runs. */
    public ClusterDescription description() {
        return description;
    }

    /** Whether the nodes load the retained guard, and why not when they do not. */
    public RetainedGuard retainedGuard() {
        return provisioning.guard();
    }

    /** Whether the nodes load the bridge nodelay plugin, and why not when they do not. */
    public BridgeNoDelay bridgeNoDelay() {
        return provisioning.noDelay();
    }

    /** Whether the nodes speak MQTT over TLS ({@link ClusterOptions#tls()}). */
    public boolean tls() {
        return state.tls();
    }

    /** In TLS mode, the PKCS12 trust store that holds the run's CA certificate, for clients. */
    public Optional<Path> trustStore() {
        return provisioning.trust().map(RunTrust::trustStore);
    }

    /** In TLS mode, the owner-only file that holds {@link #trustStore()}'s password, for clients in other processes. */
    public Optional<Path> trustStorePasswordFile() {
        return provisioning.trust().map(ca -> RunTrust.passwordFile(runDirectory));
    }

    /**
     * The password of {@link #trustStore()}, a copy.
     *
     * @throws ClusterException when the cluster does not run in TLS mode
     */
    public char[] trustStorePassword() {
        return provisioning.trust().orElseThrow(() -> new ClusterException("The cluster does not run in TLS mode."))
                .password().clone();
    }

    /**
     * The login of one of the cluster's identities ({@link AccessPolicy}), generated for this run.
     *
     * @throws ClusterException naming the identities when there is none called {@code username}
     */
    public Login login(String username) {
        return provisioning.secrets().login(username);
    }

    /** Where each node's folder, config and log are, and the state file. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** When {@link #start} began. */
    public Instant startedAt() {
        return state.startedAt();
    }

    /** The log of {@code node}: its standard output and error. */
    public Path logFile(String node) {
        return processes.managed(node).process().logFile();
    }

    /** The process id serving {@code node}, empty while it is stopped. */
    public synchronized Optional<Long> pid(String node) {
        state.adoptInto(processes);
        return processes.managed(node).process().handle().map(ProcessHandle::pid);
    }

    /** Whether {@code node} is paused (SIGSTOP) by this cluster. */
    public synchronized boolean isPaused(String node) {
        state.adoptInto(processes);
        return processes.managed(node).process().isPaused();
    }

    /**
     * Does {@code action} to {@code node} and waits for its effect.
     *
     * @param action what to do
     * @param node   the node's name
     */
    public void apply(NodeAction action, String node) {
        switch (action) {
            case KILL -> kill(node);
            case PAUSE -> pause(node);
            case RESUME -> resume(node);
            case RESTART -> restart(node);
            default -> throw new IllegalArgumentException("Unhandled action " + action);
        }
    }

    /** Kills {@code node} with SIGKILL, as a crash would, and waits until the process is gone. */
    public void kill(String node) {
        change(() -> processes.kill(node));
    }

    /** Freezes {@code node} with SIGSTOP: it keeps its sockets and accepts TCP, but answers nothing. */
    public void pause(String node) {
        change(() -> processes.pause(node));
    }

    /** Thaws a paused {@code node} with SIGCONT. */
    public void resume(String node) {
        change(() -> processes.resume(node));
    }

    /**
     * Stops {@code node} if it runs and starts it again on the same port, returning once it answers
     * MQTT. Its bridge reconnects within Mosquitto's {@code restart_timeout}.
     */
    public void restart(String node) {
        change(() -> {
            processes.relaunch(node);
            readiness.awaitUp(List.of(processes.managed(node).spec()), clock.instant().plus(DEFAULT_READY_TIMEOUT),
                    LocalCluster::logProgress);
        });
    }

    /** Stops {@code node} gracefully (SIGTERM, then SIGKILL after {@link #STOP_GRACE}). */
    public void stop(String node) {
        change(() -> processes.stop(node));
    }

    /** Stops every running node and forgets the cluster: the state file is removed. */
    public synchronized void stopAll() {
        state.adoptInto(processes);
        processes.stopAll();
        state.delete();
    }

    /**
     * Hands the processes over to the state file and returns: {@link #close()} then leaves them
     * running, and {@link #attach} finds them again.
     */
    public synchronized void detach() {
        owner = false;
        forgetShutdownHook();
        processes.stopWithThisJvm(false);
        state.save(processes, health);
    }

    /**
     * Leaves stopping at the JVM's exit to the caller, whose own shutdown hook must then close this
     * cluster after whatever depends on it (the demo stops its publishers first, so that they can still
     * publish {@code offline}). JVM shutdown hooks run concurrently, so the order cannot be left to them.
     */
    public synchronized void disableStopOnExit() {
        forgetShutdownHook();
    }

    /** Probes {@code node} once and records the result in its health. */
    public NodeState probe(String node) {
        return readiness.probe(processes.managed(node).spec()).state();
    }

    /** Probes every node (in parallel) and returns what is known of each, with the time of the last change. */
    public List<NodeHealth> health() {
        List<Thread> probes = new ArrayList<>();
        for (NodeProcesses.ManagedNode managed : processes.all()) {
            Thread thread = new Thread(() -> readiness.probe(managed.spec()), "probe-" + managed.spec().name());
            thread.setDaemon(true);
            thread.start();
            probes.add(thread);
        }
        for (Thread thread : probes) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("Interrupted while probing the cluster.", e);
            }
        }
        synchronized (this) {
            state.save(processes, health);
        }
        return health.snapshot();
    }

    /**
     * The relay {@code edge}'s bridge is connected to, as the relays report it; empty when neither
     * reports it (the bridge is between relays, or the relays are down or hung).
     */
    public Optional<NodeSpec> bridgedTo(String edge) {
        return readiness.bridgedTo(processes.managed(edge).spec());
    }

    /**
     * Waits until every bridge is connected again after a fault: each edge's to whichever relay it is on (a
     * bridge moves to the other relay when its relay fails, and stays there), the standby relay's to the primary.
     *
     * @throws ClusterException naming the bridges still missing when {@code timeout} passes
     */
    public void awaitBridgesConnected(Duration timeout) {
        readiness.awaitBridgesConnected(timeout);
    }

    /**
     * Starts supervising the relays, as an orchestrator's liveness probe would: a relay that accepts TCP but
     * answers no MQTT is killed and started again ({@link RelaySupervisor}), so that a hung relay costs the
     * cluster what a crashed one does. Supervision ends when this cluster is closed; calling this again returns
     * the same supervisor.
     *
     * @param events receives a sentence each time a relay is found hung and when it runs again
     * @return the supervisor, to stop supervising earlier
     */
    public synchronized RelaySupervisor superviseRelays(Consumer<String> events) {
        Objects.requireNonNull(events, "events");
        if (supervisor == null) {
            MqttProbe probe = new MqttProbe(MqttProbe.DEFAULT_CONNECT_TIMEOUT, RelaySupervisor.ANSWER_TIMEOUT,
                    provisioning.trust().map(RunTrust::socketFactory).orElse(null));
            supervisor = new RelaySupervisor(List.of(description.primaryRelay(), description.standbyRelay()), probe,
                    relay -> pid(relay.name()).isPresent(),
                    relay -> {
                        kill(relay.name());
                        restart(relay.name());
                    },
                    events);
        }
        return supervisor;
    }

    /** Stops every process this object started, unless it was {@link #detach() detached} or attached. */
    @Override
    public void close() {
        RelaySupervisor running;
        synchronized (this) {
            running = supervisor;
        }
        if (running != null) {
            running.close();
        }
        if (owner) {
            owner = false;
            forgetShutdownHook();
            stopAll();
        }
    }

    /** Relays first, then edges, then every bridge on the primary relay, within the options' ready timeout. */
    private void launchAll(ClusterOptions options) {
        List<NodeSpec> relays = List.of(description.primaryRelay(), description.standbyRelay());
        Instant deadline = clock.instant().plus(options.readyTimeout());
        relays.forEach(processes::launch);
        readiness.awaitUp(relays, deadline, options.progress());
        description.edges().forEach(processes::launch);
        readiness.awaitUp(description.edges(), deadline, options.progress());
        readiness.awaitBridgesOnPrimary(Duration.between(clock.instant(), deadline));
        options.progress().accept("All " + (description.nodes().size() - 1) + " bridges connected to "
                + description.primaryRelay().name() + ".");
        synchronized (this) {
            state.save(processes, health);
        }
    }

    /** One control step: take over what another process did, act, record the outcome. */
    private synchronized void change(Runnable step) {
        state.adoptInto(processes);
        step.run();
        state.save(processes, health);
    }

    private void forgetShutdownHook() {
        if (Thread.currentThread() == stopOnExit) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrRemoved) {
            // Either way the hook has nothing left to do.
        }
    }
}
