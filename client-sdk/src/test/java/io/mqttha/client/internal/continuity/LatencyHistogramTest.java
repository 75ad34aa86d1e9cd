package io.mqttha.client.internal.continuity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void emptyHistogramHasNoPercentiles() {
        assertThat(new LatencyHistogram().percentile(50)).isEqualTo(-1);
    }

    @Test
    void valuesBelow32AreExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int value = 1; value <= 20; value++) {
            histogram.record(value);
        }

        assertThat(histogram.percentile(50)).isEqualTo(10);
        assertThat(histogram.percentile(99)).isEqualTo(20);
        assertThat(histogram.percentile(100)).isEqualTo(20);
        assertThat(histogram.count()).isEqualTo(20);
    }

    @Test
    void largerValuesAreWithinOneSixteenthAboveAndNeverAboveTheMaximum() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            histogram.record(10);
        }
        histogram.record(1000);
        histogram.record(5000);

        assertThat(histogram.percentile(50)).isEqualTo(10);
        assertThat(histogram.percentile(99)).isBetween(1000L, 1000L + 1000 / 16);
        assertThat(histogram.percentile(100)).isEqualTo(5000);
    }

    @Test
    void negativeAndHugeValuesAreClamped() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5);
        histogram.record(Long.MAX_VALUE);

        assertThat(histogram.percentile(50)).isZero();
        assertThat(histogram.percentile(100)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void histogramsMerge() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(1);
        b.record(3);
        b.record(3);
        LatencyHistogram sum = new LatencyHistogram();
        a.addTo(sum);
        b.addTo(sum);

        assertThat(sum.count()).isEqualTo(3);
        assertThat(sum.percentile(50)).isEqualTo(3);
        assertThat(sum.percentile(1)).isEqualTo(1);
    }

    @Test
    void aFewSamplesGiveTheSamePercentilesAsTheirCountedBucketsAndMergeIntoEitherForm() {
        java.util.Random random = new java.util.Random(7);
        for (int samples = 1; samples <= 12; samples++) {
            long[] values = random.longs(samples, 0, 20_000).toArray();
            LatencyHistogram few = new LatencyHistogram();
            LatencyHistogram dense = new LatencyHistogram();
            LatencyHistogram firstHalf = new LatencyHistogram();
            LatencyHistogram secondHalf = new LatencyHistogram();
            for (int i = 0; i < samples; i++) {
                few.record(values[i]);
                (i < samples / 2 ? firstHalf : secondHalf).record(values[i]);
                // Nine copies of each sample keep every nearest-rank percentile and force the counters.
                for (int copy = 0; copy < 9; copy++) {
                    dense.record(values[i]);
                }
            }
            LatencyHistogram merged = new LatencyHistogram();
            firstHalf.addTo(merged);
            secondHalf.addTo(merged);
            for (double percent : new double[] {1, 50, 90, 99, 100}) {
                assertThat(few.percentile(percent)).as("%d samples, p%s", samples, percent).isEqualTo(dense.percentile(percent));
                assertThat(merged.percentile(percent)).as("merged, %d samples, p%s", samples, percent)
                        .isEqualTo(few.percentile(percent));
            }
            assertThat(merged.count()).isEqualTo(samples);
        }
    }
}
