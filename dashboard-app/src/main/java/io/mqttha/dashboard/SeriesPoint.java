package io.mqttha.dashboard;

import java.time.Instant;
import java.util.Objects;

/**
 * One second of one QoS level's traffic, a point of the rate and latency charts.
 *
 * @param second            the start of the second
 * @param messages          telemetry messages received in it
 * @param latencyMeanMillis mean end-to-end latency of those that carried a send time, NaN without any
 * @param latencyMaxMillis  the largest such latency, NaN without any
 * @param gap               true when continuity tracking found messages of this QoS missing during the second
 */
public record SeriesPoint(Instant second, long messages, double latencyMeanMillis, double latencyMaxMillis,
        boolean gap) {

    /** Checks for nulls. */
    public SeriesPoint {
        Objects.requireNonNull(second, "second");
    }
}
