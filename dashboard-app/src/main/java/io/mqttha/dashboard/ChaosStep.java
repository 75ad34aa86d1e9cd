package io.mqttha.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of a chaos schedule such as {@code kill node-3 at 10s}.
 *
 * @param action what to do
 * @param target a node or publisher name
 * @param at     how long after the start
 */
public record ChaosStep(ControlAction action, String target, Duration at) {

    private static final Pattern STEP = Pattern.compile(
            "(?i)\\s*(kill|pause|resume|restart)\\s+(\\S+)\\s+at\\s+(\\d+(?:\\.\\d+)?)\\s*(ms|s)?\\s*");

    /** Checks for nulls. */
    public ChaosStep {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Parses a schedule: steps {@code ACTION TARGET at TIME} separated by {@code ;}, where ACTION is kill, pause,
     * resume or restart and TIME is seconds ({@code 10s}, {@code 2.5s}, {@code 10}) or milliseconds
     * ({@code 500ms}).
     *
     * @param schedule the text
     * @param targets  the node and publisher names a step may name
     * @return the steps, sorted by time
     * @throws IllegalArgumentException with a sentence naming {@code --chaos} and the faulty step
     */
    public static List<ChaosStep> parse(String schedule, Set<String> targets) {
        List<ChaosStep> steps = new ArrayList<>();
        String[] parts = schedule.split(";");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isBlank()) {
                continue;
            }
            Matcher matcher = STEP.matcher(part);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--chaos step " + (i + 1) + " '" + part.strip()
                        + "' is not of the form 'ACTION TARGET at TIME', for example 'kill node-3 at 10s' "
                        + "(ACTION: kill, pause, resume or restart).");
            }
            String target = matcher.group(2);
            if (!targets.contains(target)) {
                throw new IllegalArgumentException("--chaos step " + (i + 1) + " '" + part.strip() + "' names " + target
                        + ", which is not one of " + String.join(", ", targets.stream().sorted().toList()) + ".");
            }
            double amount = Double.parseDouble(matcher.group(3));
            boolean millis = "ms".equalsIgnoreCase(matcher.group(4));
            Duration at = Duration.ofMillis(Math.round(millis ? amount : amount * 1000));
            steps.add(new ChaosStep(ControlAction.valueOf(matcher.group(1).toUpperCase(Locale.ROOT)), target, at));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("--chaos has no steps; write for example 'kill node-3 at 10s; restart node-3 at 20s'.");
        }
        steps.sort((a, b) -> a.at().compareTo(b.at()));
        return List.copyOf(steps);
    }

    /**
     * The step as written in a schedule.
     *
     * @return for example {@code kill node-3 at 10.0s}
     */
    @Override
    public String toString() {
        return action.label() + " " + target + " at " + at.toMillis() / 1000.0 + "s";
    }
}
