package io.mqttha.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.time.Duration;

/** Refuses option values that make no sense with one sentence naming the option, as picocli does for its own checks. */
final class OptionChecks {

    private OptionChecks() {
    }

    static void require(CommandSpec spec, boolean valid, String sentence) {
        if (!valid) {
            throw new ParameterException(spec.commandLine(), sentence);
        }
    }

    static void positive(CommandSpec spec, String option, long value) {
        require(spec, value > 0, option + " must be at least 1, not " + value + ".");
    }

    static void positive(CommandSpec spec, String option, double value) {
        require(spec, value > 0, option + " must be positive, not " + value + ".");
    }

    static void positive(CommandSpec spec, String option, Duration value) {
        require(spec, !value.isNegative() && !value.isZero(), option + " must be a positive duration, not " + value + ".");
    }
}
