package io.mqttha.demo;

import io.mqttha.brokers.cli.ClusterCommand;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.render.ComposeFileRenderer;
import io.mqttha.brokers.security.ClusterSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code publishers}: starts, stops and kills the seven publisher nodes, each its own process, in the
 * background; {@code ./demo} without a subcommand runs them in the foreground instead.
 */
@Command(name = "publishers", mixinStandardHelpOptions = true,
        description = "Run the seven publisher nodes (publisher-N paired with node-N) as background processes.",
        subcommands = {PublishersCommand.Start.class, PublishersCommand.Stop.class, PublishersCommand.Kill.class,
                PublishersCommand.Status.class})
public final class PublishersCommand {

    /** Folder under the home ({@code $MQTT_HA_HOME}, else {@code .mqtt-ha}) for the publishers' logs and state. */
    public static final String RUN_DIRECTORY_NAME = "publishers";

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where the publishers' logs and state live (default: $MQTT_HA_HOME/publishers, else .mqtt-ha/publishers).")
    private Path runDirectory;

    @Spec
    private CommandSpec spec;

    /** The default run directory, beside the cluster's. */
    public static Path defaultRunDirectory() {
        return ClusterCommand.defaultRunDirectory().resolveSibling(RUN_DIRECTORY_NAME);
    }

    private Path runDirectory() {
        return runDirectory != null ? runDirectory : defaultRunDirectory();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start publishers N... (default: all seven) and leave them running.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        private PublishersCommand parent;

        @Option(names = "--brokers", paramLabel = "HOST:PORT,...",
                description = "Broker addresses (default: the local cluster's seven edges).")
        private String brokers = ClusterDescription.standard().edgeAddresses();

        @Parameters(paramLabel = "N", arity = "0..*", description = "Publisher numbers, 1..7.")
        private List<Integer> indexes;

        @Option(names = "--secrets", paramLabel = "DIR",
                description = "The run directory whose logins the publishers use: a local cluster's, or "
                        + ComposeFileRenderer.SECRETS_DIRECTORY + " for compose (default: the local cluster's, "
                        + "$MQTT_HA_HOME/cluster, else .mqtt-ha/cluster).")
        private Path secrets;

        @Override
        public Integer call() {
            ClusterSecrets logins = ClusterSecrets.read(secrets != null ? secrets : ClusterCommand.defaultRunDirectory());
            PublisherFleet fleet = PublisherFleet.create(parent.runDirectory(), brokers, ClusterDescription.EDGE_COUNT, List.of(),
                    Optional.of(logins));
            for (int index : indexes == null ? fleet.indexes() : indexes) {
                fleet.start(index);
                parent.out().printf("publisher-%d running (pid %d, log %s)%n", index, fleet.pid(index).orElseThrow(),
                        fleet.logFile(index));
            }
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop publishers N... cleanly (default: all): they flush, publish offline and exit.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        private PublishersCommand parent;

        @Parameters(paramLabel = "N", arity = "0..*", description = "Publisher numbers, 1..7.")
        private List<Integer> indexes;

        @Override
        public Integer call() {
            PublisherFleet fleet = PublisherFleet.attach(parent.runDirectory());
            if (indexes == null) {
                fleet.stopAll();
                parent.out().println("All publishers stopped.");
            } else {
                for (int index : indexes) {
                    fleet.stop(index);
                    parent.out().printf("publisher-%d stopped (it published offline).%n", index);
                }
            }
            return 0;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true,
            description = "Kill publisher N with SIGKILL: its last will turns its status offline.")
    static final class Kill implements Callable<Integer> {
        @ParentCommand
        private PublishersCommand parent;

        @Parameters(paramLabel = "N", description = "Publisher number, 1..7.")
        private int index;

        @Override
        public Integer call() {
            PublisherFleet.attach(parent.runDirectory()).kill(index);
            parent.out().printf("publisher-%d killed.%n", index);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show which publishers run.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private PublishersCommand parent;

        @Override
        public Integer call() {
            PublisherFleet fleet = PublisherFleet.attach(parent.runDirectory());
            parent.out().printf("%-12s %-8s %8s  %s%n", "PUBLISHER", "STATE", "PID", "LOG");
            for (int index : fleet.indexes()) {
                parent.out().printf("%-12s %-8s %8s  %s%n", "publisher-" + index,
                        fleet.pid(index).isPresent() ? "running" : "stopped",
                        fleet.pid(index).map(String::valueOf).orElse("-"), fleet.logFile(index));
            }
            return 0;
        }
    }
}
