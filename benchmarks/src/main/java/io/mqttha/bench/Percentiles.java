package io.mqttha.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a set of measurements in milliseconds. */
record Percentiles(int count, double p50, double p99, double max) {

    static Percentiles of(List<Double> millis) {
        if (millis.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Percentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static double rank(List<Double> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
