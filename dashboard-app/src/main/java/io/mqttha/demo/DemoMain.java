package io.mqttha.demo;

import io.mqttha.brokers.ClusterDescription;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.NodeHealth;
import io.mqttha.brokers.cli.ClearErrorMessages;
import io.mqttha.brokers.cli.ClusterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./demo}: without a subcommand it runs the seven-node cluster in the foreground until
 * Ctrl-C; {@code ./demo cluster …} controls a cluster left running in the background.
 */
@Command(name = "demo",
        description = "The mqtt-ha demo: a seven-node Mosquitto cluster you can watch and break.",
        mixinStandardHelpOptions = true,
        versionProvider = DemoMain.Version.class,
        subcommands = ClusterCommand.class)
public final class DemoMain implements Callable<Integer> {

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

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the seven-node mqtt-ha cluster in the foreground (Ctrl-C stops it) ...");
        out.flush();
        LocalCluster cluster = LocalCluster.start(ClusterDescription.standard(),
                ClusterCommand.defaultRunDirectory(), line -> {
                    out.println("  " + line);
                    out.flush();
                });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            System.out.println("Cluster stopped.");
            stopped.countDown();
        }, "demo-shutdown"));
        out.println("Cluster up. Clients connect to " + cluster.description().edgeAddresses() + ".");
        for (NodeHealth health : cluster.health()) {
            out.printf("  %-8s %-14s %-16s %s%n", health.node().name(), health.node().role().label(),
                    health.node().address(), health.state().label());
        }
        out.println("Press Ctrl-C to stop the cluster.");
        out.flush();
        stopped.await();
        return 0;
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
