package io.mqttha.bench;

import io.mqttha.brokers.cli.ClearErrorMessages;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code ./bench}: whole-system measurements on real brokers, each printing a table and JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "mqtt-ha benchmarks on real local Mosquitto brokers. Each prints a table and JSON.",
        subcommands = {FailoverBenchmark.class, FleetBenchmark.class, ThroughputBenchmark.class, SoakBenchmark.class,
                LatencyBenchmark.class, RetainedBenchmark.class, FailoverLossBenchmark.class, HungRelayBenchmark.class})
public final class BenchMain {

    private BenchMain() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ClearErrorMessages())
                .execute(args));
    }
}
