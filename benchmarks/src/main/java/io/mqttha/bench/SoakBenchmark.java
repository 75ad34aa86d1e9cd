package io.mqttha.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./bench soak}: the chaos soak of {@link ChaosSoak}, printed per subscriber and QoS level. Exits
 * with 1 when anything at QoS 1 or 2 was lost or duplicated to an application, or retained state did not
 * converge.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Chaos soak: the local cluster, 7 SDK publishers (numbered QoS 1 and 2 streams, versioned retained state) "
                + "and an SDK subscriber per edge, under random kills, pauses and restarts of edges and relays.",
                "Never all 7 edges down at once, never both relays (the edges hang off the relay pair; without it they are islands).",
                "Exits with 1 if any subscriber lost or was handed a duplicate of a QoS 1/2 message, or retained state did not converge."})
final class SoakBenchmark implements Callable<Integer> {

    static final Duration QUICK_DURATION = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", defaultValue = "PT10M",
            description = "How long faults are injected and messages published, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--quick", description = "The CI-sized run: --duration PT60S.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random fault schedule (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "10",
            description = "Messages per second of each publisher's QoS 1 stream, and of its QoS 2 stream (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--state-interval", defaultValue = "PT1S",
            description = "How often each publisher publishes a new version of its retained state (default: ${DEFAULT-VALUE}).")
    Duration stateInterval;

    @Option(names = "--fault-interval", defaultValue = "PT4S",
            description = "Mean time between the starts of two faults (default: ${DEFAULT-VALUE}).")
    Duration faultInterval;

    @Option(names = "--min-fault-hold", defaultValue = "PT1S",
            description = "Shortest time a fault lasts before it is healed (default: ${DEFAULT-VALUE}).")
    Duration minFaultHold;

    @Option(names = "--max-fault-hold", defaultValue = "PT8S",
            description = "Longest time a fault lasts before it is healed (default: ${DEFAULT-VALUE}).")
    Duration maxFaultHold;

    @Option(names = "--max-concurrent-faults", defaultValue = "3",
            description = "How many nodes may be faulted at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrentFaults;

    @Option(names = "--edge-faults-only",
            description = "Fault the edges only, never the relays: how much of the latency tail the relays' faults make.")
    boolean edgeFaultsOnly;

    @Option(names = "--settle-timeout", defaultValue = "PT60S",
            description = "Longest wait after the end for every message to arrive (default: ${DEFAULT-VALUE}).")
    Duration settleTimeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
        ChaosSoak.Settings settings = settings();
        ChaosSoak.Outcome outcome = new ChaosSoak(settings, System.err::println)
                .run(Files.createTempDirectory("mqtt-ha-bench-soak"));
        report(settings, outcome).emit(System.out, jsonFile);
        System.err.printf(java.util.Locale.ROOT, "soak: latency of live deliveries p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d); "
                        + "of deliveries by repair p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d).%n",
                outcome.liveLatency().p50(), outcome.liveLatency().p99(), outcome.liveLatency().max(),
                outcome.liveLatency().count(), outcome.repairLatency().p50(), outcome.repairLatency().p99(),
                outcome.repairLatency().max(), outcome.repairLatency().count());
        if (!outcome.passed()) {
            System.err.printf("soak: FAILED: %d lost, %d duplicated to applications, retained state %s.%n",
                    outcome.lost(), outcome.duplicated(),
                    outcome.retainedDetail().isEmpty() ? "converged" : "did not converge on " + outcome.retainedDetail().keySet());
            return 1;
        }
        System.err.println("soak: passed: nothing lost, nothing duplicated, retained state converged.");
        return 0;
    }

    /** The settings from the options, checked. */
    ChaosSoak.Settings settings() {
        Duration effective = quick ? QUICK_DURATION : duration;
        OptionChecks.positive(spec, "--duration", effective);
        OptionChecks.positive(spec, "--rate", rate);
        OptionChecks.require(spec, rate <= 1000, "--rate must be at most 1000 messages per second, not " + rate + ".");
        OptionChecks.positive(spec, "--state-interval", stateInterval);
        OptionChecks.positive(spec, "--fault-interval", faultInterval);
        OptionChecks.positive(spec, "--min-fault-hold", minFaultHold);
        OptionChecks.require(spec, maxFaultHold.compareTo(minFaultHold) >= 0,
                "--max-fault-hold must not be shorter than --min-fault-hold (" + minFaultHold + "), not " + maxFaultHold + ".");
        OptionChecks.positive(spec, "--max-concurrent-faults", maxConcurrentFaults);
        OptionChecks.positive(spec, "--settle-timeout", settleTimeout);
        return new ChaosSoak.Settings(effective, seed, rate, stateInterval, faultInterval, minFaultHold, maxFaultHold,
                maxConcurrentFaults, !edgeFaultsOnly, settleTimeout);
    }

    static Report report(ChaosSoak.Settings settings, ChaosSoak.Outcome outcome) {
        Report report = new Report("Chaos soak: what each subscriber's application received (" + settings.duration()
                + ", seed " + settings.seed() + ")",
                List.of("subscriber", "edge", "qos", "sent", "delivered", "lost", "duplicated", "reordered", "repaired",
                        "tracker lost", "duplicates dropped", "live p50 ms", "live p99 ms", "live max ms", "by repair",
                        "repair p50 ms", "repair p99 ms", "repair max ms", "retained converged"));
        report.context("machine", Machine.describe())
                .context("cluster", "7 edges + relay pair, local mosquitto processes")
                .context("durationSeconds", settings.duration().toSeconds())
                .context("seed", settings.seed())
                .context("messagesPerSecondPerStream", settings.ratePerStream())
                .context("streams", "7 publishers x QoS 1 and QoS 2, each subscriber subscribed to all 14")
                .context("faults", outcome.faults())
                .context("faultIntervalMillis", settings.meanFaultInterval().toMillis())
                .context("faultHoldMillis", settings.minFaultHold().toMillis() + "-" + settings.maxFaultHold().toMillis())
                .context("maxConcurrentFaults", settings.maxConcurrentFaults())
                .context("relayFaults", settings.relayFaults())
                .context("announceIntervalMillis", ChaosSoak.ANNOUNCE_INTERVAL.toMillis())
                .context("publishFailures", outcome.publishFailures())
                .context("settledAfterMillis", outcome.settledAfter().toMillis())
                .context("retainedNotConverged", outcome.retainedDetail())
                .context("liveLatencyMillis", outcome.liveLatency())
                .context("repairLatencyMillis", outcome.repairLatency())
                .context("passed", outcome.passed());
        for (ChaosSoak.StreamOutcome stream : outcome.streams()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subscriber", stream.subscriber());
            row.put("edge", stream.edge());
            row.put("qos", stream.qos().code());
            row.put("sent", stream.sent());
            row.put("delivered", stream.delivered());
            row.put("lost", stream.lost());
            row.put("duplicated", stream.duplicated());
            row.put("reordered", stream.reordered());
            row.put("repaired", stream.repaired());
            row.put("tracker lost", stream.trackerLost());
            row.put("duplicates dropped", stream.duplicatesDropped());
            row.put("live p50 ms", stream.liveLatency().p50());
            row.put("live p99 ms", stream.liveLatency().p99());
            row.put("live max ms", stream.liveLatency().max());
            row.put("by repair", stream.repairLatency().count());
            row.put("repair p50 ms", stream.repairLatency().p50());
            row.put("repair p99 ms", stream.repairLatency().p99());
            row.put("repair max ms", stream.repairLatency().max());
            row.put("retained converged", stream.retainedConverged() ? "yes" : "NO");
            report.row(row);
        }
        return report;
    }
}
