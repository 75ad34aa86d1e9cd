package io.mqttha.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's CI soak: {@code ./bench soak --quick} (60 s of random faults on the real cluster) through the
 * same settings and code, asserting what the command's exit code stands for.
 */
class SoakIT {

    @TempDir
    Path runDirectory;

    @Test
    void aMinuteOfChaosLosesAndDuplicatesNothingAtQos1And2AndRetainedStateConverges() throws Exception {
        SoakBenchmark command = new SoakBenchmark();
        new CommandLine(command).parseArgs("--quick");
        ChaosSoak.Settings settings = command.settings();

        ChaosSoak.Outcome outcome = new ChaosSoak(settings, System.err::println).run(runDirectory);
        SoakBenchmark.report(settings, outcome).printTable(System.out);

        assertThat(outcome.faults()).as("faults injected").isNotEmpty();
        assertThat(outcome.streams()).as("one row per subscriber and QoS 1/2").hasSize(14);
        assertThat(outcome.streams()).allSatisfy(stream -> {
            assertThat(stream.sent()).as("sent at QoS %d", stream.qos().code()).isPositive();
            assertThat(stream.lost()).as("lost at %s, QoS %d", stream.edge(), stream.qos().code()).isZero();
            assertThat(stream.duplicated()).as("duplicated to the application at %s, QoS %d", stream.edge(),
                    stream.qos().code()).isZero();
        });
        assertThat(outcome.retainedDetail()).as("edges whose retained state did not converge").isEmpty();
        assertThat(outcome.passed()).isTrue();
    }
}
