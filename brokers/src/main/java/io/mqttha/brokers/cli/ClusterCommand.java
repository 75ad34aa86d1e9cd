package io.mqttha.brokers.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.NodeAction;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.probe.NodeHealth;
import io.mqttha.brokers.render.ClusterFiles;
import io.mqttha.brokers.render.ComposeFileRenderer;
import io.mqttha.brokers.render.ComposeSecrets;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cluster}: starts the local seven-node Mosquitto cluster, shows its health and breaks it on
 * purpose. {@code up} leaves the brokers running; the other subcommands find them again through the
 * run directory's state file.
 */
@Command(name = "cluster",
        description = "Run the local Mosquitto cluster (seven edges node-1..node-7, relays relay-a and relay-b) "
                + "and break it on purpose.",
        mixinStandardHelpOptions = true,
        subcommands = {
                ClusterCommand.Up.class,
                ClusterCommand.Status.class,
                ClusterCommand.Down.class,
                ClusterCommand.Render.class,
                ClusterCommand.ComposeSecretsCommand.class,
                ClusterCommand.Password.class
        })
public final class ClusterCommand {

    /** Environment variable naming the folder for run state; {@code ./demo} sets it to the checkout's {@code .mqtt-ha}. */
    public static final String HOME_VARIABLE = "MQTT_HA_HOME";
    /** Folder under the home that holds the local cluster's run directory. */
    public static final String RUN_DIRECTORY_NAME = "cluster";

    private static final String NODE_PARAMETER = "node-1 .. node-7, relay-a or relay-b.";

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where the brokers' configs, logs and state live (default: $" + HOME_VARIABLE
                    + "/cluster, else .mqtt-ha/cluster).")
    private Path runDirectory;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    /** The run directory to use: the option, else the default under {@value #HOME_VARIABLE}. */
    public static Path defaultRunDirectory() {
        String home = System.getenv(HOME_VARIABLE);
        Path base = home == null || home.isBlank() ? Path.of(".mqtt-ha") : Path.of(home);
        return base.resolve(RUN_DIRECTORY_NAME);
    }

    private Path runDirectory() {
        return runDirectory != null ? runDirectory : defaultRunDirectory();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "up", description = "Start the nine brokers and return once every node answers MQTT and "
            + "every bridge is connected; they keep running until `cluster down`.", mixinStandardHelpOptions = true)
    static final class Up implements Callable<Integer> {
        @ParentCommand
        private ClusterCommand parent;

        @Option(names = "--tls", description = "MQTT over TLS only, with a development CA made for this run; "
                + "clients trust its trust store, shown at the end.")
        private boolean tls;

        @Override
        public Integer call() {
            PrintWriter out = parent.out();
            long start = System.nanoTime();
            out.println("Starting the mqtt-ha cluster in " + parent.runDirectory().toAbsolutePath() + " ...");
            out.flush();
            LocalCluster cluster = LocalCluster.start(ClusterDescription.standard(), parent.runDirectory(),
                    ClusterOptions.defaults().withTls(tls).withProgress(line -> {
                        out.println("  " + line);
                        out.flush();
                    }));
            cluster.detach();
            out.printf("Cluster up in %.1f s. Clients connect to %s%s.%n", (System.nanoTime() - start) / 1e9,
                    cluster.description().edgeAddresses(), cluster.trustStore()
                            .map(store -> " over TLS, trusting " + store.toAbsolutePath().normalize()).orElse(""));
            out.println("Next: `./demo cluster status`, `./demo cluster kill node-3`, `./demo cluster down`.");
            return 0;
        }
    }

    @Command(name = "status", description = "Probe every node and show its state (up, down, hung), "
            + "since when, round trip, process and bridge.", mixinStandardHelpOptions = true)
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private ClusterCommand parent;

        @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
        private boolean json;

        @Override
        public Integer call() {
            try (LocalCluster cluster = LocalCluster.attach(parent.runDirectory())) {
                List<NodeHealth> health = cluster.health();
                List<Map<String, Object>> rows = new ArrayList<>();
                for (NodeHealth node : health) {
                    rows.add(row(cluster, node));
                }
                if (json) {
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("runDirectory", cluster.runDirectory().toString());
                    document.put("startedAt", cluster.startedAt().toString());
                    document.put("nodes", rows);
                    parent.out().println(toJson(document));
                } else {
                    printTable(parent.out(), rows);
                }
                return 0;
            }
        }

        private static Map<String, Object> row(LocalCluster cluster, NodeHealth health) {
            NodeSpec node = health.node();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", node.name());
            row.put("role", node.role().label());
            row.put("host", node.host());
            row.put("port", node.port());
            row.put("state", health.state().label());
            row.put("since", health.since().toString());
            row.put("roundTripMillis", health.roundTrip().toNanos() / 1e6);
            row.put("pid", cluster.pid(node.name()).orElse(null));
            row.put("paused", cluster.isPaused(node.name()));
            row.put("bridgedTo", node.role().isRelay() && node.equals(cluster.description().primaryRelay())
                    ? null
                    : cluster.bridgedTo(node.name()).map(NodeSpec::name).orElse(null));
            row.put("detail", health.detail());
            return row;
        }

        private static void printTable(PrintWriter out, List<Map<String, Object>> rows) {
            DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
            String format = "%-8s %-14s %-16s %-5s %-9s %9s %8s  %-8s %s%n";
            out.printf(format, "NODE", "ROLE", "ADDRESS", "STATE", "SINCE", "RTT", "PID", "BRIDGE", "DETAIL");
            for (Map<String, Object> row : rows) {
                Instant since = Instant.parse((String) row.get("since"));
                out.printf(format, row.get("name"), row.get("role"), row.get("host") + ":" + row.get("port"),
                        row.get("state"), time.format(since),
                        "up".equals(row.get("state")) ? String.format("%.1f ms", (Double) row.get("roundTripMillis")) : "-",
                        row.get("pid") == null ? "-" : row.get("pid") + (Boolean.TRUE.equals(row.get("paused")) ? "*" : ""),
                        row.get("bridgedTo") == null ? "-" : row.get("bridgedTo"),
                        row.get("detail"));
            }
            if (rows.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("paused")))) {
                out.println("* paused (SIGSTOP): `./demo cluster resume NODE` thaws it.");
            }
        }
    }

    @Command(name = "kill", description = "Kill NODE with SIGKILL, as a crash would.", mixinStandardHelpOptions = true)
    int kill(@Parameters(paramLabel = "NODE", description = NODE_PARAMETER) String node) {
        return act(NodeAction.KILL, node);
    }

    @Command(name = "pause", description = "Freeze NODE with SIGSTOP: it accepts TCP but answers nothing (reported hung).",
            mixinStandardHelpOptions = true)
    int pause(@Parameters(paramLabel = "NODE", description = NODE_PARAMETER) String node) {
        return act(NodeAction.PAUSE, node);
    }

    @Command(name = "resume", description = "Thaw a paused NODE with SIGCONT.", mixinStandardHelpOptions = true)
    int resume(@Parameters(paramLabel = "NODE", description = NODE_PARAMETER) String node) {
        return act(NodeAction.RESUME, node);
    }

    @Command(name = "restart", description = "Stop NODE if it runs, start it again on its port, and wait until it answers MQTT.",
            mixinStandardHelpOptions = true)
    int restart(@Parameters(paramLabel = "NODE", description = NODE_PARAMETER) String node) {
        return act(NodeAction.RESTART, node);
    }

    /** The one body of the four node commands. */
    private int act(NodeAction action, String node) {
        try (LocalCluster cluster = LocalCluster.attach(runDirectory())) {
            cluster.description().node(node);
            long start = System.nanoTime();
            cluster.apply(action, node);
            out().printf("%s %s (%d ms).%n", node, action.pastTense(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            return 0;
        }
    }

    @Command(name = "down", description = "Stop every broker of the cluster and forget it.", mixinStandardHelpOptions = true)
    static final class Down implements Callable<Integer> {
        @ParentCommand
        private ClusterCommand parent;

        @Override
        public Integer call() {
            try (LocalCluster cluster = LocalCluster.attach(parent.runDirectory())) {
                cluster.stopAll();
                parent.out().println("Cluster stopped; logs stay in " + cluster.runDirectory() + ".");
                return 0;
            }
        }
    }

    @Command(name = "render", description = "Rewrite the checked-in broker configs (brokers/conf) and docker-compose.yml "
            + "from the cluster description.", mixinStandardHelpOptions = true)
    static final class Render implements Callable<Integer> {
        @ParentCommand
        private ClusterCommand parent;

        @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
                description = "The repository root to write into (default: the current folder).")
        private Path root;

        @Override
        public Integer call() {
            try {
                int written = ClusterFiles.write(ClusterDescription.standard(), root);
                parent.out().println("Rendered " + written + " files under " + root.toAbsolutePath().normalize() + ".");
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(name = "password", description = "Print the password of one of the running cluster's identities "
            + "(operator, dashboard, publisher-N, bridge-...), generated for this run, for tools such as mosquitto_sub.",
            mixinStandardHelpOptions = true)
    static final class Password implements Callable<Integer> {
        @ParentCommand
        private ClusterCommand parent;

        @Parameters(paramLabel = "IDENTITY", defaultValue = AccessPolicy.OPERATOR,
                description = "The identity (default: ${DEFAULT-VALUE}, which may publish and subscribe anything).")
        private String identity;

        @Override
        public Integer call() {
            parent.out().println(ClusterSecrets.read(parent.runDirectory()).login(identity).password());
            return 0;
        }
    }

    @Command(name = "compose-secrets", description = "Generate fresh logins for the compose cluster into "
            + ComposeFileRenderer.SECRETS_DIRECTORY + " (run it once before `docker compose up`; never commit them).",
            mixinStandardHelpOptions = true)
    static final class ComposeSecretsCommand implements Callable<Integer> {
        @ParentCommand
        private ClusterCommand parent;

        @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
                description = "The repository root, where docker-compose.yml is (default: the current folder).")
        private Path root;

        @Override
        public Integer call() {
            Path directory = root.resolve(ComposeFileRenderer.SECRETS_DIRECTORY);
            ClusterSecrets secrets = ComposeSecrets.write(ClusterDescription.standard(), directory);
            parent.out().println("Wrote logins for " + secrets.logins().size() + " identities to "
                    + directory.toAbsolutePath().normalize() + "; `docker compose up` mounts them.");
            return 0;
        }
    }

    private static String toJson(Object document) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
