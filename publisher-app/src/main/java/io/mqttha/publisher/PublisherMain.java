package io.mqttha.publisher;

import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one publisher node until SIGTERM or Ctrl-C, then stops it cleanly and exits with 0.
 *
 * <p>Deliberately without a static logger: the log format must be chosen before Logback configures
 * itself on first use.
 */
public final class PublisherMain {

    /** How long a stopping publisher waits for buffered messages and its {@code offline} status. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Exit code for a refused command line. */
    public static final int USAGE_EXIT_CODE = 2;

    /** Logback property naming the configuration; set before Logback's first use, unless the user set it. */
    private static final String LOGBACK_CONFIGURATION_PROPERTY = "logback.configurationFile";
    private static final String TEXT_LOG_CONFIGURATION = "logback-publisher.xml";
    private static final String JSON_LOG_CONFIGURATION = "logback-publisher-json.xml";

    private PublisherMain() {
    }

    /** Parses the command line and environment, then runs the node. */
    public static void main(String[] args) throws InterruptedException {
        PublisherCommand command = new PublisherCommand();
        CommandLine commandLine = PublisherCommand.commandLine(command, System.getenv());
        PublisherSettings settings;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            if (commandLine.isVersionHelpRequested()) {
                commandLine.printVersionHelp(System.out);
                return;
            }
            settings = command.settings();
        } catch (ParameterException e) {
            PrintWriter err = commandLine.getErr();
            err.println("publisher: " + e.getMessage());
            err.println("Run `publisher --help` for the options.");
            err.flush();
            System.exit(USAGE_EXIT_CODE);
            return;
        }
        // Named configurations, not logback.xml: in the demo's jar the publisher shares the class path with
        // the dashboard, whose logback.xml is quieter.
        if (System.getProperty(LOGBACK_CONFIGURATION_PROPERTY) == null) {
            System.setProperty(LOGBACK_CONFIGURATION_PROPERTY,
                    command.logFormat() == PublisherCommand.LogFormat.JSON ? JSON_LOG_CONFIGURATION : TEXT_LOG_CONFIGURATION);
        }

        PublisherNode node = new PublisherNode(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.stop(STOP_GRACE);
            // A JVM ended by SIGTERM exits with 143; a clean stop is a success, so say so.
            Runtime.getRuntime().halt(0);
        }, "publisher-stop"));
        node.start();
        new CountDownLatch(1).await();
    }
}
