package io.mqttha.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Watches retained state converge after a disturbance (a node rejoined, the dashboard failed over): done once
 * every expected publisher's state document has arrived at its newest version since.
 */
final class RetainedConvergence {

    private final Set<String> converged = new HashSet<>();
    private Instant since;
    private String cause;

    /** A disturbance at {@code time}: convergence starts over. */
    void start(Instant time, String why) {
        since = time;
        cause = why;
        converged.clear();
    }

    boolean watching() {
        return since != null;
    }

    /**
     * A state document at its newest version arrived on {@code topic}.
     *
     * @param expected the state topics that must have arrived, those of online publishers
     * @return the sentence for the timeline once every expected topic has arrived
     */
    Optional<String> arrived(String topic, Instant time, List<String> expected, long staleIgnored) {
        if (since == null) {
            return Optional.empty();
        }
        converged.add(topic);
        if (expected.isEmpty() || !converged.containsAll(expected)) {
            return Optional.empty();
        }
        String text = "retained state converged: " + expected.size() + " publishers' state at its newest version "
                + TimeText.seconds(Duration.between(since, time)) + " after " + cause + " ("
                + staleIgnored + " stale copies ignored so far)";
        since = null;
        converged.clear();
        return Optional.of(text);
    }
}
