package io.mqttha.client;

import java.time.Duration;
import java.util.List;

/** The checks the configuration values share; each collects problems rather than stopping at the first. */
final class ConfigProblems {

    private ConfigProblems() {
    }

    /** Throws one exception that lists every problem, if there is any. */
    static void throwIfAny(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid " + what + ": " + String.join("; ", problems));
        }
    }

    static void requirePositive(List<String> problems, String name, Duration value) {
        if (value == null) {
            problems.add(name + " must be set");
        } else if (value.isNegative() || value.isZero()) {
            problems.add(name + " must be positive, not " + value);
        }
    }
}
