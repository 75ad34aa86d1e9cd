package io.mqttha.demo;

import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.cli.ClearErrorMessages;
import io.mqttha.brokers.cli.ClusterCommand;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.probe.BridgeStates;
import io.mqttha.brokers.render.ComposeFileRenderer;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.TlsSettings;
import io.mqttha.dashboard.BridgeLookup;
import io.mqttha.dashboard.ChaosStep;
import io.mqttha.dashboard.DashboardControls;
import io.mqttha.dashboard.DashboardSession;
import io.mqttha.dashboard.DashboardTopology;
import io.mqttha.dashboard.DashboardWindow;
import io.mqttha.dashboard.HeadlessRun;
import io.mqttha.dashboard.NodeInfo;
import javafx.application.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./demo}: without a subcommand it runs the seven-node cluster, its seven publishers and the
 * dashboard window, and stops them all when the window closes; {@code --brokers} watches an existing
 * cluster instead, {@code --headless} runs without a window. {@code ./demo cluster …} and
 * {@code ./demo publishers …} control a cluster and publishers left running in the background.
 */
@Command(name = "demo",
        description = "The mqtt-ha demo: a seven-node Mosquitto cluster with seven publishers and a live dashboard, to watch and break.",
        mixinStandardHelpOptions = true,
        versionProvider = DemoMain.Version.class,
        subcommands = {ClusterCommand.class, PublishersCommand.class, DashboardBenchCommand.class})
public final class DemoMain implements Callable<Integer> {

    /** How long one look at a relay's bridge notifications may take; the dashboard asks every few seconds. */
    private static final Duration BRIDGE_READ_TIMEOUT = Duration.ofSeconds(1);

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new DemoMain()).setExecutionExceptionHandler(new ClearErrorMessages());
    }

    @Option(names = "--brokers", paramLabel = "HOST:PORT,...",
            description = "Watch an existing cluster's edges (for example the compose one) instead of starting one; starts nothing.")
    private String brokers;

    @Option(names = "--relays", paramLabel = "HOST:PORT,...",
            description = "With --brokers: the primary and standby relay to probe (default: ${DEFAULT-VALUE}).")
    private String relays = ClusterDescription.standard().primaryRelay().address() + ","
            + ClusterDescription.standard().standbyRelay().address();

    @Option(names = "--secrets", paramLabel = "DIR",
            description = "With --brokers: the folder whose logins the dashboard uses (default: ${DEFAULT-VALUE}, "
                    + "written by `./demo cluster compose-secrets`).")
    private Path secrets = Path.of(ComposeFileRenderer.SECRETS_DIRECTORY);

    @Option(names = "--compose-file", paramLabel = "FILE",
            description = "With --brokers: the compose file whose containers the buttons control when Docker runs (default: ${DEFAULT-VALUE}).")
    private Path composeFile = Path.of("docker-compose.yml");

    @Option(names = "--tls", description = "Run the local cluster with MQTT over TLS only (a development CA made for the run); "
            + "the publishers and the dashboard verify the nodes' certificates.")
    private boolean tls;

    @Option(names = "--first-port", paramLabel = "PORT",
            description = "Run the local cluster on other ports: the edges on PORT to PORT+6, relay-a on PORT+10 and "
                    + "relay-b on PORT+11 (default: " + ClusterDescription.FIRST_EDGE_PORT + ").")
    private Integer firstPort;

    @Option(names = "--headless", description = "Run without a window; with --duration and --report for scripts and CI.")
    private boolean headless;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "With --headless: how long to run.")
    private Integer durationSeconds;

    @Option(names = "--report", paramLabel = "FILE.json",
            description = "With --headless: write node states over time, publishers and continuity counters here.")
    private Path report;

    @Option(names = "--chaos", paramLabel = "SCHEDULE",
            description = "Break things on a schedule, for example 'kill node-3 at 10s; restart node-3 at 20s; kill relay-a at 30s' "
                    + "(actions kill, pause, resume, restart; targets node-N, relay-a, relay-b, publisher-N).")
    private String chaos;

    @Option(names = "--screenshot", paramLabel = "FILE.png",
            description = "With --exit-after: save a PNG of the window just before it closes.")
    private Path screenshot;

    @Option(names = "--exit-after", paramLabel = "SECONDS", description = "Close the window by itself after this long.")
    private Integer exitAfterSeconds;

    @Override
    public Integer call() throws Exception {
        validateOptions();
        PrintWriter out = spec.commandLine().getOut();
        if (brokers != null) {
            return watchExistingCluster(out);
        }
        return runLocalCluster(out);
    }

    private void validateOptions() {
        CommandLine commandLine = spec.commandLine();
        if (durationSeconds != null && durationSeconds <= 0) {
            throw new ParameterException(commandLine, "--duration must be a positive number of seconds, not " + durationSeconds + ".");
        }
        if (exitAfterSeconds != null && exitAfterSeconds <= 0) {
            throw new ParameterException(commandLine, "--exit-after must be a positive number of seconds, not " + exitAfterSeconds + ".");
        }
        if (!headless && (durationSeconds != null || report != null)) {
            throw new ParameterException(commandLine, "--duration and --report belong to --headless; a window runs until closed or --exit-after.");
        }
        if (headless && (screenshot != null || exitAfterSeconds != null)) {
            throw new ParameterException(commandLine, "--screenshot and --exit-after need the window; use --duration with --headless.");
        }
        if (screenshot != null && exitAfterSeconds == null) {
            throw new ParameterException(commandLine, "--screenshot needs --exit-after SECONDS: the window is captured just before it closes.");
        }
        if (screenshot != null && !screenshot.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new ParameterException(commandLine, "--screenshot writes a PNG: give a file name ending in .png, not " + screenshot + ".");
        }
        if (brokers != null && firstPort != null) {
            throw new ParameterException(commandLine, "--first-port belongs to the local cluster that ./demo starts; "
                    + "a cluster given with --brokers keeps its own ports.");
        }
        if (firstPort != null) {
            try {
                ClusterDescription.standard(firstPort);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, "--first-port: " + e.getMessage() + ".");
            }
        }
        if (brokers != null && tls) {
            throw new ParameterException(commandLine, "--tls belongs to the local cluster that ./demo starts; "
                    + "a cluster given with --brokers is watched over plain MQTT.");
        }
        if (brokers != null) {
            for (String option : List.of("--brokers", "--relays")) {
                String value = option.equals("--brokers") ? brokers : relays;
                for (String address : addresses(value)) {
                    try {
                        BrokerAddress.parse(address);
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(commandLine, option + " has " + e.getMessage() + "; write host:port,host:port.");
                    }
                }
                if (option.equals("--brokers") && addresses(value).isEmpty()) {
                    throw new ParameterException(commandLine, "--brokers needs at least one host:port.");
                }
            }
        }
    }

    private static List<String> addresses(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(address -> !address.isEmpty()).toList();
    }

    /** Parses --chaos before anything starts, so a typo costs no cluster start. */
    private List<ChaosStep> chaosSteps(DashboardTopology topology) {
        if (chaos == null) {
            return List.of();
        }
        Set<String> targets = new TreeSet<>(topology.publishers());
        topology.nodes().forEach(node -> targets.add(node.name()));
        List<ChaosStep> steps;
        try {
            steps = ChaosStep.parse(chaos, targets);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return steps;
    }

    private int watchExistingCluster(PrintWriter out) throws Exception {
        ClusterSecrets logins = ClusterSecrets.read(secrets);
        DashboardTopology topology = DashboardTopology.of(addresses(brokers), addresses(relays))
                .withCredentials(credentials(logins.login(AccessPolicy.DASHBOARD)));
        ComposeControl compose = ComposeControl.detect(composeFile);
        DashboardControls controls = new DashboardControls(compose, compose, controlExecutor());
        List<ChaosStep> steps = chaosSteps(topology);
        Optional<String> unavailable = compose.unavailableReason();
        if (!steps.isEmpty() && unavailable.isPresent()) {
            throw new ParameterException(spec.commandLine(), "--chaos cannot be carried out: " + unavailable.get());
        }
        return runDashboard(out, topology, relaysOf(topology, logins.login(AccessPolicy.DASHBOARD)), controls, steps,
                "existing cluster at " + brokers + " (relays " + relays + ")");
    }

    /** Asks the relays of a cluster this process did not start, by their bridges' notifications. */
    private static BridgeLookup relaysOf(DashboardTopology topology, Login login) {
        return edge -> topology.relays().stream()
                .filter(relay -> {
                    BrokerAddress address = BrokerAddress.parse(relay.address());
                    return Boolean.TRUE.equals(BridgeStates.read(address.host(), address.port(), login, null, BRIDGE_READ_TIMEOUT)
                            .get(ClusterDescription.bridgeClientId(edge)));
                })
                .map(NodeInfo::name)
                .findFirst();
    }

    private int runLocalCluster(PrintWriter out) throws Exception {
        ClusterDescription description = firstPort == null ? ClusterDescription.standard()
                : ClusterDescription.standard(firstPort);
        DashboardTopology localTopology = DashboardTopology.of(description);
        List<ChaosStep> steps = chaosSteps(localTopology);
        out.println("Starting the seven-node mqtt-ha cluster and its seven publishers"
                + (headless ? "" : "; closing the dashboard window (or Ctrl-C) stops them") + " ...");
        out.flush();
        LocalCluster cluster = LocalCluster.start(description, ClusterCommand.defaultRunDirectory(),
                ClusterOptions.defaults().withTls(tls).withProgress(line -> {
                    out.println("  " + line);
                    out.flush();
                }));
        cluster.disableStopOnExit();
        cluster.superviseRelays(line -> {
            out.println("  " + line);
            out.flush();
        });
        DashboardTopology topology = localTopology.withCredentials(credentials(cluster.login(AccessPolicy.DASHBOARD)));
        List<String> publisherArguments = List.of();
        if (cluster.tls()) {
            topology = topology.withTls(TlsSettings.builder()
                    .trustStore(cluster.trustStore().orElseThrow(), cluster.trustStorePassword()).build());
            publisherArguments = List.of("--tls-trust-store", cluster.trustStore().orElseThrow().toString(),
                    "--tls-trust-store-password-file", cluster.trustStorePasswordFile().orElseThrow().toString());
        }
        PublisherFleet publishers = PublisherFleet.create(PublishersCommand.defaultRunDirectory(),
                description.edgeAddresses(), ClusterDescription.EDGE_COUNT, publisherArguments,
                Optional.of(ClusterSecrets.read(cluster.runDirectory())));
        publishers.stopWithThisJvm();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stopAll = () -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("Stopping the publishers (they publish offline) and the cluster ...");
                synchronized (publishers) {
                    publishers.close();
                }
                cluster.close();
                System.out.println("Stopped.");
            }
        };
        Thread shutdownHook = new Thread(stopAll, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            DashboardControls controls = new DashboardControls(new LocalNodeControl(cluster), new FleetControl(publishers),
                    controlExecutor());
            synchronized (publishers) {
                for (int index : publishers.indexes()) {
                    publishers.start(index);
                    out.printf("  publisher-%d running (pid %d), paired with node-%d; log: %s%n", index,
                            publishers.pid(index).orElseThrow(), index, publishers.logFile(index));
                }
            }
            out.println("Clients connect to " + description.edgeAddresses() + ".");
            out.flush();
            BridgeLookup bridges = edge -> cluster.bridgedTo(edge).map(NodeSpec::name);
            return runDashboard(out, topology, bridges, controls, steps, "local cluster started by ./demo ("
                    + description.edgeAddresses() + ")");
        } finally {
            stopAll.run();
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
    }

    private int runDashboard(PrintWriter out, DashboardTopology topology, BridgeLookup bridges, DashboardControls controls,
            List<ChaosStep> steps, String mode) throws Exception {
        if (headless) {
            Duration duration = durationSeconds == null ? Duration.ofDays(365) : Duration.ofSeconds(durationSeconds);
            HeadlessRun.Report result = new HeadlessRun(topology, bridges, controls, steps, duration, mode,
                    Clock.systemUTC(), out).run();
            if (report != null) {
                HeadlessRun.write(result, report);
                out.println("Report written to " + report.toAbsolutePath() + ".");
            }
            return 0;
        }
        try {
            DashboardWindow.startToolkit();
        } catch (IllegalStateException noDisplay) {
            throw new ClusterException(noDisplay.getMessage(), noDisplay);
        }
        try (DashboardSession session = new DashboardSession(topology, bridges, controls, Clock.systemUTC(), Platform::runLater)) {
            session.start();
            if (!steps.isEmpty()) {
                scheduleChaos(session, topology, steps);
            }
            out.println("Dashboard open" + (exitAfterSeconds == null ? "; close its window to stop." : " for " + exitAfterSeconds + " s."));
            out.flush();
            DashboardWindow.showAndWait(session.viewModel(), "mqtt-ha dashboard — " + mode,
                    Optional.ofNullable(exitAfterSeconds).map(Duration::ofSeconds), Optional.ofNullable(screenshot));
            if (screenshot != null) {
                out.println("Screenshot written to " + screenshot.toAbsolutePath() + ".");
            }
        } finally {
            DashboardWindow.stopToolkit();
        }
        return 0;
    }

    private static Credentials credentials(Login login) {
        return Credentials.of(login.username(), login.password());
    }

    /** In the window, chaos steps press the same buttons a user would, at their times. */
    private static void scheduleChaos(DashboardSession session, DashboardTopology topology, List<ChaosStep> steps) {
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                for (ChaosStep step : steps) {
                    long wait = step.at().toMillis() - (System.nanoTime() - start) / 1_000_000;
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    Platform.runLater(() -> {
                        if (topology.hasNode(step.target())) {
                            session.viewModel().controlNode(step.action(), step.target());
                        } else {
                            session.viewModel().controlPublisher(step.action(), step.target());
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dashboard-chaos");
        thread.setDaemon(true);
        thread.start();
    }

    /** One command at a time, in the order given: a restart finishes before the next kill starts. */
    private static Executor controlExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-control");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DemoMain.class.getPackage().getImplementationVersion();
            return new String[] {"mqtt-ha " + (version == null ? "(development build)" : version)};
        }
    }
}
