package io.mqttha.demo;

import io.mqttha.brokers.ClusterDescription;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.cli.ClearErrorMessages;
import io.mqttha.brokers.cli.ClusterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./demo}: without a subcommand it runs the seven-node cluster and its seven publishers in the
 * foreground until Ctrl-C; {@code ./demo cluster …} and {@code ./demo publishers …} control them, or
 * ones left running in the background.
 */
@Command(name = "demo",
        description = "The mqtt-ha demo: a seven-node Mosquitto cluster with seven publishers, to watch and break.",
        mixinStandardHelpOptions = true,
        versionProvider = DemoMain.Version.class,
        subcommands = {ClusterCommand.class, PublishersCommand.class})
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
        out.println("Starting the seven-node mqtt-ha cluster and its seven publishers (Ctrl-C stops them) ...");
        out.flush();
        LocalCluster cluster = LocalCluster.start(ClusterDescription.standard(),
                ClusterCommand.defaultRunDirectory(), line -> {
                    out.println("  " + line);
                    out.flush();
                });
        cluster.disableStopOnExit();
        PublisherFleet publishers = PublisherFleet.create(PublishersCommand.defaultRunDirectory(),
                cluster.description().edgeAddresses(), ClusterDescription.EDGE_COUNT, List.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the publishers (they publish offline) and the cluster ...");
            publishers.close();
            cluster.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "demo-shutdown"));
        for (int index : publishers.indexes()) {
            publishers.start(index);
            out.printf("  publisher-%d running (pid %d), paired with node-%d; log: %s%n", index,
                    publishers.pid(index).orElseThrow(), index, publishers.logFile(index));
        }
        out.println("Demo running. Clients connect to " + cluster.description().edgeAddresses() + ".");
        out.println("Watch it:  mosquitto_sub -h 127.0.0.1 -p 18831 -t 'mqtt-ha/#' -v");
        out.println("Break it:  ./demo cluster kill node-3   ./demo cluster pause relay-a   ./demo publishers kill 5");
        out.println("Press Ctrl-C to stop.");
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
