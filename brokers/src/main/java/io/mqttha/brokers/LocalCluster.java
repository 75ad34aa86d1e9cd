package io.mqttha.brokers;

import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.DevCertificateAuthority;
import io.mqttha.brokers.security.Login;
import io.mqttha.brokers.security.MosquittoPasswordFile;
import io.mqttha.brokers.security.TrustStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * The cluster as local {@code mosquitto} processes: starts the nine brokers, each with its own run
 * directory, config and log, waits until every node answers MQTT and every bridge is connected, and
 * breaks nodes on purpose (kill, pause, resume, restart, stop).
 *
 * <p>Every cluster keeps the run directory's state file up to date, so that {@link #attach} finds
 * it from another process: {@code ./demo cluster kill node-3} works beside a running demo, and
 * between {@code ./demo cluster up} and {@code down}. A cluster from {@link #start} belongs to its
 * caller: {@link #close()} (or the JVM's exit) stops every process of it, including a node restarted
 * from another process meanwhile. {@link #detach()} hands the processes over to the state file
 * instead and leaves them running.
 *
 * <p>Control methods are thread-safe; each waits for its effect (a killed process has exited, a
 * restarted node answers MQTT) before it returns.
 */
public final class LocalCluster implements AutoCloseable {

    /** How long {@link #start} waits for every node to answer MQTT and every bridge to connect. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);
    /** How long a stopped broker may take to exit after SIGTERM before it gets SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Name of a node's config inside its run directory. */
    public static final String CONFIG_FILE_NAME = "mosquitto.conf";
    /** Name of a node's log (its standard output and error) inside its run directory. */
    public static final String LOG_FILE_NAME = "mosquitto.log";

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);
    private static final Duration BRIDGE_READ_TIMEOUT = Duration.ofSeconds(1);

    private final ClusterDescription description;
    private final ClusterSecrets secrets;
    private final Path runDirectory;
    private final Path mosquitto;
    private final Instant startedAt;
    private final Map<String, ManagedNode> nodes = new LinkedHashMap<>();
    private final NodeHealthTracker health;
    /** TLS mode: the run's development CA, whose trust store the probes and every client use. */
    private final Optional<TrustedCa> tls;
    private final MqttProbe probe;
    private final Clock clock;
    private volatile boolean owner;
    /** Stops an owned cluster when the JVM exits without closing it (Ctrl-C, a test run cut short). */
    private final Thread stopOnExit = new Thread(this::close, "local-cluster-stop-on-exit");

    private LocalCluster(ClusterDescription description, ClusterSecrets secrets, Optional<TrustedCa> tls, Path runDirectory,
                         Path mosquitto, Instant startedAt, NodeHealthTracker health, Clock clock, boolean owner) {
        this.description = description;
        this.secrets = secrets;
        this.tls = tls;
        this.probe = new MqttProbe(MqttProbe.DEFAULT_CONNECT_TIMEOUT, MqttProbe.DEFAULT_ANSWER_TIMEOUT,
                tls.map(TrustedCa::socketFactory).orElse(null));
        this.runDirectory = runDirectory;
        this.mosquitto = mosquitto;
        this.startedAt = startedAt;
        this.health = health;
        this.clock = clock;
        this.owner = owner;
        for (NodeSpec node : description.nodes()) {
            nodes.put(node.name(), new ManagedNode(node, new ManagedProcess(node.name(), runDirectory.resolve(node.name()), LOG_FILE_NAME)));
        }
        if (owner) {
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
    }

    /**
     * Starts every node and returns once all answer MQTT and every bridge is connected.
     *
     * @see #start(ClusterDescription, Path, Consumer)
     */
    public static LocalCluster start(ClusterDescription description, Path runDirectory) {
        return start(description, runDirectory, message -> LOG.info(message));
    }

    /**
     * Starts every node, relays first so that edge bridges connect at once, and returns once every node
     * answers MQTT and every bridge is connected to the primary relay.
     *
     * @param description  the cluster to run
     * @param runDirectory where each node gets a folder with its config and log, and where the state
     *                     file is kept; created when missing
     * @param progress     receives one line per step, for people watching a start
     * @throws ClusterException when a cluster already runs from {@code runDirectory}, a port is taken,
     *                          {@code mosquitto} is missing, or a node does not come up in time; every
     *                          process started so far is stopped first
     */
    public static LocalCluster start(ClusterDescription description, Path runDirectory, Consumer<String> progress) {
        return start(description, runDirectory, progress, false);
    }

    /**
     * {@link #start(ClusterDescription, Path, Consumer)}, in TLS mode when {@code tls} is true: a development
     * certificate authority is made for the run ({@link DevCertificateAuthority}), every node listens for MQTT
     * over TLS only with its own certificate, and every bridge verifies the relay's; clients trust
     * {@link #trustStore()}.
     */
    public static LocalCluster start(ClusterDescription description, Path runDirectory, Consumer<String> progress,
                                     boolean tls) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(progress, "progress");
        Path directory = runDirectory.toAbsolutePath();
        refuseIfRunning(directory);
        Path mosquitto = MosquittoBinary.locate();
        for (NodeSpec node : description.nodes()) {
            requireFreePort(node);
        }
        Clock clock = Clock.systemUTC();
        ClusterSecrets secrets = writeSecurityFiles(description, directory);
        Optional<TrustedCa> trusted = Optional.empty();
        if (tls) {
            progress.accept("Making the run's development certificate authority and " + description.nodes().size()
                    + " node certificates ...");
            trusted = Optional.of(TrustedCa.create(description, directory));
        }
        LocalCluster cluster = new LocalCluster(description, secrets, trusted, directory, mosquitto, clock.instant(),
                new NodeHealthTracker(description, clock), clock, true);
        try {
            List<NodeSpec> relays = List.of(description.primaryRelay(), description.standbyRelay());
            Instant deadline = clock.instant().plus(DEFAULT_READY_TIMEOUT);
            for (NodeSpec relay : relays) {
                cluster.launch(relay);
            }
            cluster.awaitUp(relays, deadline, progress);
            for (NodeSpec edge : description.edges()) {
                cluster.launch(edge);
            }
            cluster.awaitUp(description.edges(), deadline, progress);
            cluster.awaitBridgesOnPrimary(Duration.between(clock.instant(), deadline));
            progress.accept("All " + (description.nodes().size() - 1) + " bridges connected to "
                    + description.primaryRelay().name() + ".");
            synchronized (cluster) {
                cluster.save();
            }
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
        ClusterStateFile.State state = ClusterStateFile.read(directory).orElseThrow(() -> new ClusterException(
                "No cluster is running from " + directory + ": start one with `./demo cluster up`."));
        List<NodeSpec> specs = state.nodes().stream()
                .map(n -> new NodeSpec(n.name(), n.role(), n.host(), n.port()))
                .toList();
        ClusterDescription description = ClusterDescription.of(specs);
        Clock clock = Clock.systemUTC();
        NodeHealthTracker tracker = new NodeHealthTracker(description, clock);
        LocalCluster cluster = new LocalCluster(description, ClusterSecrets.read(directory),
                state.tls() ? Optional.of(TrustedCa.read(directory)) : Optional.empty(), directory, Path.of(state.mosquitto()),
                Instant.parse(state.startedAt()), tracker, clock, false);
        for (ClusterStateFile.Node recorded : state.nodes()) {
            ManagedNode node = cluster.nodes.get(recorded.name());
            recordedProcess(recorded).ifPresent(process -> node.process.adopt(process, recorded.paused()));
            if (recorded.state() != null && recorded.since() != null) {
                tracker.restore(new NodeHealth(node.spec, recorded.state(), Instant.parse(recorded.since()),
                        Duration.ZERO, Objects.requireNonNullElse(recorded.detail(), "")));
            }
        }
        return cluster;
    }

    /** The cluster this runs. */
    public ClusterDescription description() {
        return description;
    }

    /** Whether the nodes speak MQTT over TLS ({@link #start(ClusterDescription, Path, Consumer, boolean)}). */
    public boolean tls() {
        return tls.isPresent();
    }

    /** In TLS mode, the PKCS12 trust store that holds the run's CA certificate, for clients. */
    public Optional<Path> trustStore() {
        return tls.map(TrustedCa::trustStore);
    }

    /** In TLS mode, the owner-only file that holds {@link #trustStore()}'s password, for clients in other processes. */
    public Optional<Path> trustStorePasswordFile() {
        return tls.map(ca -> TrustedCa.passwordFile(runDirectory));
    }

    /**
     * The password of {@link #trustStore()}, a copy.
     *
     * @throws ClusterException when the cluster does not run in TLS mode
     */
    public char[] trustStorePassword() {
        return tls.orElseThrow(() -> new ClusterException("The cluster does not run in TLS mode.")).password().clone();
    }

    /**
     * The login of one of the cluster's identities ({@link AccessPolicy}), generated for this run.
     *
     * @throws ClusterException naming the identities when there is none called {@code username}
     */
    public Login login(String username) {
        return secrets.login(username);
    }

    /** Where each node's folder, config and log are, and the state file. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** When {@link #start} began. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The log of {@code node}: its standard output and error. */
    public Path logFile(String node) {
        return managed(node).process.logFile();
    }

    /** The process id serving {@code node}, empty while it is stopped. */
    public synchronized Optional<Long> pid(String node) {
        adoptProcessesFromStateFile();
        ManagedNode managed = managed(node);
        return managed.process.handle().map(ProcessHandle::pid);
    }

    /** Whether {@code node} is paused (SIGSTOP) by this cluster. */
    public synchronized boolean isPaused(String node) {
        adoptProcessesFromStateFile();
        return managed(node).process.isPaused();
    }

    /** Kills {@code node} with SIGKILL, as a crash would, and waits until the process is gone. */
    public synchronized void kill(String node) {
        adoptProcessesFromStateFile();
        ManagedNode managed = requireRunning(node);
        managed.process.kill(STOP_GRACE);
        save();
    }

    /** Freezes {@code node} with SIGSTOP: it keeps its sockets and accepts TCP, but answers nothing. */
    public synchronized void pause(String node) {
        adoptProcessesFromStateFile();
        ManagedNode managed = requireRunning(node);
        if (managed.process.isPaused()) {
            throw new ClusterException(node + " is already paused.");
        }
        managed.process.pause();
        save();
    }

    /** Thaws a paused {@code node} with SIGCONT. */
    public synchronized void resume(String node) {
        adoptProcessesFromStateFile();
        ManagedNode managed = requireRunning(node);
        if (!managed.process.isPaused()) {
            throw new ClusterException(node + " is not paused.");
        }
        managed.process.resume();
        save();
    }

    /**
     * Stops {@code node} if it runs and starts it again on the same port, returning once it answers
     * MQTT. Its bridge reconnects within Mosquitto's {@code restart_timeout}.
     */
    public synchronized void restart(String node) {
        adoptProcessesFromStateFile();
        ManagedNode managed = managed(node);
        if (managed.process.isRunning()) {
            managed.process.requestStop();
            managed.process.finishStop(STOP_GRACE);
        }
        requireFreePort(managed.spec);
        launch(managed.spec);
        awaitUp(List.of(managed.spec), clock.instant().plus(DEFAULT_READY_TIMEOUT), message -> LOG.info(message));
        save();
    }

    /** Stops {@code node} gracefully (SIGTERM, then SIGKILL after {@link #STOP_GRACE}). */
    public synchronized void stop(String node) {
        adoptProcessesFromStateFile();
        ManagedNode managed = requireRunning(node);
        managed.process.requestStop();
        managed.process.finishStop(STOP_GRACE);
        save();
    }

    /** Stops every running node and forgets the cluster: the state file is removed. */
    public synchronized void stopAll() {
        adoptProcessesFromStateFile();
        for (ManagedNode managed : nodes.values()) {
            if (managed.process.isRunning()) {
                managed.process.requestStop();
            }
        }
        for (ManagedNode managed : nodes.values()) {
            managed.process.finishStop(STOP_GRACE);
        }
        ClusterStateFile.delete(runDirectory);
    }

    /**
     * Hands the processes over to the state file and returns: {@link #close()} then leaves them
     * running, and {@link #attach} finds them again.
     */
    public synchronized void detach() {
        owner = false;
        forgetShutdownHook();
        save();
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
        return probeAndRecord(managed(node).spec).state();
    }

    /** Probes every node (in parallel) and returns what is known of each, with the time of the last change. */
    public List<NodeHealth> health() {
        List<Thread> probes = new ArrayList<>();
        for (ManagedNode managed : nodes.values()) {
            Thread thread = new Thread(() -> probeAndRecord(managed.spec), "probe-" + managed.spec.name());
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
            save();
        }
        return health.snapshot();
    }

    /**
     * The relay {@code edge}'s bridge is connected to, as the relays report it; empty when neither
     * reports it (the bridge is between relays, or the relays are down or hung).
     */
    public Optional<NodeSpec> bridgedTo(String edge) {
        NodeSpec spec = managed(edge).spec;
        String clientId = ClusterDescription.bridgeClientId(spec);
        for (NodeSpec relay : List.of(description.primaryRelay(), description.standbyRelay())) {
            if (relay.equals(spec)) {
                continue;
            }
            if (Boolean.TRUE.equals(BridgeStates.read(relay, login(AccessPolicy.OPERATOR), tlsSocketFactory(), BRIDGE_READ_TIMEOUT).get(clientId))) {
                return Optional.of(relay);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until the primary relay reports every other node's bridge connected, as after a start or
     * after the primary restarts and the edges return to it.
     *
     * @throws ClusterException naming the bridges still missing when {@code timeout} passes
     */
    public void awaitBridgesOnPrimary(Duration timeout) {
        NodeSpec primary = description.primaryRelay();
        List<String> expected = description.nodes().stream()
                .filter(n -> !n.equals(primary))
                .map(ClusterDescription::bridgeClientId)
                .toList();
        Instant deadline = clock.instant().plus(timeout);
        List<String> missing = expected;
        while (true) {
            Map<String, Boolean> states = BridgeStates.read(primary, login(AccessPolicy.OPERATOR), tlsSocketFactory(), BRIDGE_READ_TIMEOUT);
            missing = expected.stream().filter(id -> !Boolean.TRUE.equals(states.get(id))).toList();
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

    /** Stops every process this object started, unless it was {@link #detach() detached} or attached. */
    @Override
    public void close() {
        if (owner) {
            owner = false;
            forgetShutdownHook();
            stopAll();
        }
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

    private MqttProbe.Result probeAndRecord(NodeSpec node) {
        MqttProbe.Result result = probe.probe(node.host(), node.port());
        health.record(node, result).ifPresent(changed ->
                LOG.info("{} is {} ({})", node.name(), changed.state().label(), changed.detail()));
        return result;
    }

    private void launch(NodeSpec node) {
        ManagedNode managed = nodes.get(node.name());
        Path config = managed.process.directory().resolve(CONFIG_FILE_NAME);
        try {
            // The config holds the bridge's password: owner-only, like every secret of the run.
            ClusterSecrets.writeOwnerOnly(config, MosquittoConfigRenderer.render(description, node, Deployment.LOCAL, tls())
                    + MosquittoConfigRenderer.renderRunSecrets(node, secrets, System.getProperty("user.name")));
        } catch (IOException e) {
            throw new ClusterException("Could not write " + config + ": " + e.getMessage(), e);
        }
        managed.process.launch(mosquitto, List.of("-c", config.toString()));
    }

    /**
     * Generates the run's logins and writes them, the Mosquitto password file and the ACL into the run
     * directory's {@link ClusterSecrets#DIRECTORY_NAME} folder, all readable by the owner only.
     */
    private static ClusterSecrets writeSecurityFiles(ClusterDescription description, Path runDirectory) {
        AccessPolicy policy = AccessPolicy.of(description);
        SecureRandom random = new SecureRandom();
        ClusterSecrets secrets = ClusterSecrets.generate(policy, random);
        Path folder = runDirectory.resolve(ClusterSecrets.DIRECTORY_NAME);
        try {
            secrets.write(runDirectory);
            ClusterSecrets.writeOwnerOnly(folder.resolve("passwords"), MosquittoPasswordFile.render(secrets.logins(), random));
            ClusterSecrets.writeOwnerOnly(folder.resolve("acl"), policy.renderAclFile());
        } catch (IOException e) {
            throw new ClusterException("Could not write the cluster's security files to " + folder + ": " + e.getMessage(), e);
        }
        return secrets;
    }

    private void awaitUp(Collection<NodeSpec> awaited, Instant deadline, Consumer<String> progress) {
        List<NodeSpec> pending = new ArrayList<>(awaited);
        while (!pending.isEmpty()) {
            for (NodeSpec node : List.copyOf(pending)) {
                ManagedNode managed = nodes.get(node.name());
                if (!managed.process.isRunning()) {
                    throw new ClusterException(node.name() + " exited while starting: " + managed.process.lastLogLine()
                            + " (log: " + managed.process.logFile() + ").");
                }
                MqttProbe.Result result = probeAndRecord(node);
                if (result.state() == NodeState.UP) {
                    pending.remove(node);
                    progress.accept(String.format("%-8s up on %s (pid %d, %d ms to answer)", node.name(),
                            node.address(), managed.process.handle().map(ProcessHandle::pid).orElse(-1L),
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

    private ManagedNode managed(String name) {
        ManagedNode managed = nodes.get(name);
        if (managed == null) {
            throw new UnknownNodeException(name, description.nodeNames());
        }
        return managed;
    }

    private ManagedNode requireRunning(String name) {
        ManagedNode managed = managed(name);
        if (!managed.process.isRunning()) {
            throw new ClusterException(name + " is not running: start it with `./demo cluster restart " + name + "`.");
        }
        return managed;
    }

    private static void refuseIfRunning(Path runDirectory) {
        Optional<ClusterStateFile.State> previous = ClusterStateFile.read(runDirectory);
        if (previous.isPresent() && previous.get().nodes().stream().anyMatch(n -> recordedProcess(n).isPresent())) {
            throw new ClusterException("A cluster is already running from " + runDirectory + " (started "
                    + previous.get().startedAt() + "): stop it with `./demo cluster down` first.");
        }
    }

    private static void requireFreePort(NodeSpec node) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(node.host()), node.port()));
        } catch (IOException e) {
            throw new ClusterException("Port " + node.port() + " on " + node.host() + ", which " + node.name()
                    + " needs, is already in use: stop whatever listens there, then try again.");
        }
    }

    private static Optional<ProcessHandle> recordedProcess(ClusterStateFile.Node recorded) {
        return ManagedProcess.find(recorded.pid(), recorded.processStart());
    }

    /**
     * Another process may have controlled this cluster through the state file (a terminal running
     * {@code ./demo cluster restart node-3} beside a foreground {@code ./demo}): the file's live
     * processes are the truth, so that a later stop reaches a node restarted elsewhere.
     */
    private void adoptProcessesFromStateFile() {
        Optional<ClusterStateFile.State> state = ClusterStateFile.read(runDirectory);
        if (state.isEmpty()) {
            return;
        }
        for (ClusterStateFile.Node recorded : state.get().nodes()) {
            ManagedNode managed = nodes.get(recorded.name());
            if (managed == null) {
                continue;
            }
            Optional<ProcessHandle> process = recordedProcess(recorded);
            if (process.isPresent()) {
                managed.process.adopt(process.get(), recorded.paused());
            } else if (recorded.pid() != null
                    && managed.process.handle().map(ProcessHandle::pid).orElse(-1L).equals(recorded.pid())) {
                managed.process.clear();
            }
        }
    }

    private void save() {
        List<ClusterStateFile.Node> recorded = new ArrayList<>();
        for (ManagedNode managed : nodes.values()) {
            NodeHealth known = health.get(managed.spec.name());
            Optional<ProcessHandle> process = managed.process.handle();
            recorded.add(new ClusterStateFile.Node(managed.spec.name(), managed.spec.role(), managed.spec.host(),
                    managed.spec.port(),
                    process.map(ProcessHandle::pid).orElse(null),
                    managed.process.processStart().orElse(null),
                    managed.process.isPaused(),
                    known.state(), known.since().toString(), known.detail()));
        }
        ClusterStateFile.write(runDirectory,
                new ClusterStateFile.State(startedAt.toString(), mosquitto.toString(), tls(), recorded));
    }

    private SSLSocketFactory tlsSocketFactory() {
        return tls.map(TrustedCa::socketFactory).orElse(null);
    }

    /**
     * The run's development CA as its clients see it: the trust store and its password, which is kept
     * owner-only beside it so that commands run later (and other processes) can trust the nodes too.
     */
    private record TrustedCa(Path trustStore, char[] password, SSLSocketFactory socketFactory) {

        private static final String PASSWORD_FILE_NAME = "truststore.password";

        static Path directory(Path runDirectory) {
            return runDirectory.resolve(ClusterSecrets.DIRECTORY_NAME).resolve("tls");
        }

        static Path passwordFile(Path runDirectory) {
            return directory(runDirectory).resolve(PASSWORD_FILE_NAME);
        }

        static TrustedCa create(ClusterDescription description, Path runDirectory) {
            DevCertificateAuthority ca = DevCertificateAuthority.create(directory(runDirectory), description.nodeNames());
            char[] password = ca.trustStorePassword();
            try {
                ClusterSecrets.writeOwnerOnly(passwordFile(runDirectory), new String(password));
            } catch (IOException e) {
                throw new ClusterException("Could not write the trust store's password: " + e.getMessage(), e);
            }
            return new TrustedCa(ca.trustStore(), password, TrustStores.socketFactory(ca.trustStore(), password));
        }

        static TrustedCa read(Path runDirectory) {
            Path folder = directory(runDirectory);
            try {
                char[] password = Files.readString(passwordFile(runDirectory)).toCharArray();
                Path trustStore = folder.resolve(DevCertificateAuthority.TRUST_STORE_FILE_NAME);
                return new TrustedCa(trustStore, password, TrustStores.socketFactory(trustStore, password));
            } catch (IOException e) {
                throw new ClusterException("The TLS trust store in " + folder + " is unreadable: stop the cluster and start it again.", e);
            }
        }

        @Override
        public String toString() {
            return "TrustedCa[" + trustStore + "]";
        }
    }

    /** A node and the process that serves it. */
    private record ManagedNode(NodeSpec spec, ManagedProcess process) {
    }
}
