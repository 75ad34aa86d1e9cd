package io.mqttha.demo;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardBenchCommandTest {

    @Test
    void aStepPassesOnlyWhenExactResponsiveAndAtTheAskedRate() {
        assertThat(IngestVerdict.judge(100_000, 99_000, 1_000, 1_000, 1_000, 30.0).passed()).isTrue();

        IngestVerdict lostOne = IngestVerdict.judge(100_000, 100_000, 1_000, 999, 999, 60);
        assertThat(lostOne.passed()).isFalse();
        assertThat(lostOne.describe()).isEqualTo("FAILED (counts not exact)");

        IngestVerdict countedTwice = IngestVerdict.judge(100_000, 100_000, 1_000, 1_000, 1_001, 60);
        assertThat(countedTwice.exact()).isFalse();

        IngestVerdict stalled = IngestVerdict.judge(100_000, 100_000, 1_000, 1_000, 1_000, 29.9);
        assertThat(stalled.describe()).isEqualTo("FAILED (below 30 frames/s)");

        IngestVerdict producerBehind = IngestVerdict.judge(100_000, 94_000, 1_000, 1_000, 1_000, 60);
        assertThat(producerBehind.describe()).isEqualTo("FAILED (the producer offered only 94 % of the rate)");
    }

    @Test
    void refusesANonPositiveRateOrTooShortAStepBeforeOpeningAWindow() {
        assertThat(run("--rate", "20000,0")).startsWith("--rate must be positive");
        assertThat(run("--seconds", "2")).contains("--seconds more than 2");
    }

    private static String run(String... arguments) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new DashboardBenchCommand()).setErr(new PrintWriter(err));
        assertThat(commandLine.execute(arguments)).isEqualTo(2);
        return err.toString();
    }
}
