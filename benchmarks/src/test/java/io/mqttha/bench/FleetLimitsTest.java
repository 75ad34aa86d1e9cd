package io.mqttha.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class FleetLimitsTest {

    private static final long GIB = 1L << 30;

    @Test
    void aFleetWithinTheLimitsPasses() {
        assertThat(FleetLimits.problem(1_000, OptionalLong.of(20_000), 6 * GIB)).isEmpty();
        assertThat(FleetLimits.problem(1_000, OptionalLong.empty(), 6 * GIB)).isEmpty();
    }

    @Test
    void tooFewOpenFilesAreNamedInOneSentence() {
        Optional<String> problem = FleetLimits.problem(5_000, OptionalLong.of(1_024), 64 * GIB);

        assertThat(problem).hasValueSatisfying(sentence -> assertThat(sentence)
                .contains("--clients 5000").contains("15,256 open files").contains("1,024 (ulimit -n)")
                .endsWith("."));
    }

    @Test
    void tooLittleHeapIsNamedInOneSentence() {
        assertThat(FleetLimits.problem(100_000, OptionalLong.empty(), GIB))
                .hasValueSatisfying(sentence -> assertThat(sentence).contains("heap").contains("-Xmx"));
    }

    @Test
    void aMemberCountsLossesAndDuplicatesAgainstWhatWasAcknowledged() {
        FleetMember member = new FleetMember("m") {
            @Override
            CompletableFuture<?> start() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            Optional<String> node() {
                return Optional.empty();
            }

            @Override
            CompletableFuture<?> send(long sequence) {
                return sequence == 3 ? CompletableFuture.failedFuture(new IllegalStateException("refused"))
                        : CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
        for (long sequence = 1; sequence <= 4; sequence++) {
            member.publish(sequence);
        }
        member.received(FleetMember.payload(1));
        member.received(FleetMember.payload(1));
        member.received(FleetMember.payload(2));

        assertThat(member.lost(Duration.ZERO)).as("4 was acknowledged but never arrived; 3 was never acknowledged")
                .isEqualTo(1);
        assertThat(member.lost(Duration.ofHours(1))).as("acknowledged too recently to count").isZero();
        assertThat(member.duplicated()).isEqualTo(1);
    }
}
