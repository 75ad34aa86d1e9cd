package io.mqttha.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether one rate of {@code dashboard-bench} passed: every message counted exactly once, the window responsive
 * in every judged second, and the producer really offering the rate.
 *
 * @param exact          every offered message was applied once and counted once in the continuity rows
 * @param responsive     the window kept {@link #MIN_FRAMES_PER_SECOND} or more in every judged second
 * @param achievedShare  the share of the asked rate the producer really offered
 */
record IngestVerdict(boolean exact, boolean responsive, double achievedShare) {

    /** The lowest frame rate, in every judged second of a step, at which the window counts as responsive. */
    static final double MIN_FRAMES_PER_SECOND = 30;

    /**
     * The share of the asked rate the producer must really offer for a step to count: on a busy machine it can
     * fall behind, and the step then says nothing about the asked rate.
     */
    static final double MIN_ACHIEVED_SHARE = 0.95;

    /**
     * Judges one step.
     *
     * @param rate               the rate asked for, messages per second
     * @param achievedRate       the rate the producer really offered, messages per second
     * @param offered            messages offered to the inbox
     * @param applied            messages the view-model applied
     * @param inRows             messages counted over all continuity rows
     * @param minFramesPerSecond the lowest frame rate of the judged seconds
     * @return the verdict
     */
    static IngestVerdict judge(long rate, long achievedRate, long offered, long applied, long inRows,
            double minFramesPerSecond) {
        return new IngestVerdict(offered == applied && applied == inRows, minFramesPerSecond >= MIN_FRAMES_PER_SECOND,
                achievedRate / (double) rate);
    }

    /** Whether the producer offered enough of the rate for the step to say something about it. */
    boolean producerKeptUp() {
        return achievedShare >= MIN_ACHIEVED_SHARE;
    }

    /** Whether the step passed. */
    boolean passed() {
        return exact && responsive && producerKeptUp();
    }

    /** Why the step failed, in words; empty when it passed. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (!exact) {
            failures.add("counts not exact");
        }
        if (!responsive) {
            failures.add("below " + (int) MIN_FRAMES_PER_SECOND + " frames/s");
        }
        if (!producerKeptUp()) {
            failures.add("the producer offered only " + Math.round(100 * achievedShare) + " % of the rate");
        }
        return failures;
    }

    /** The verdict in words, for the report. */
    String describe() {
        return passed() ? "passed" : "FAILED (" + String.join(", ", failures()) + ")";
    }
}
