package io.mqttha.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which node the client connects to, and when it moves back to a preferred one.
 *
 * @param strategy      how nodes are ranked
 * @param preferred     the node {@link NodeSelection#PREFERRED} prefers; present exactly with that strategy
 * @param failbackDelay how long health probes must have seen the preferred node up before the client moves
 *                      back to it, zero or positive
 */
public record SelectionPolicy(NodeSelection strategy, Optional<BrokerAddress> preferred, Duration failbackDelay) {

    /** Ranking unless set: the configured order. */
    public static final NodeSelection DEFAULT_STRATEGY = NodeSelection.ORDERED;
    /** Time the preferred node must be up before failback unless set, so that a flapping node is not followed. */
    public static final Duration DEFAULT_FAILBACK_DELAY = Duration.ofSeconds(5);
    /** The configured order, without a preferred node. */
    public static final SelectionPolicy DEFAULT = new SelectionPolicy(DEFAULT_STRATEGY, Optional.empty(),
            DEFAULT_FAILBACK_DELAY);

    /**
     * Validates the policy.
     *
     * @throws IllegalArgumentException listing every problem
     */
    public SelectionPolicy {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(preferred, "preferred");
        ConfigProblems.throwIfAny("node selection", problems(strategy, preferred, failbackDelay));
    }

    static List<String> problems(NodeSelection strategy, Optional<BrokerAddress> preferred, Duration failbackDelay) {
        List<String> problems = new ArrayList<>();
        if (strategy == NodeSelection.PREFERRED && preferred.isEmpty()) {
            problems.add("node selection PREFERRED needs a preferred node");
        } else if (strategy != NodeSelection.PREFERRED && preferred.isPresent()) {
            problems.add("preferred node '" + preferred.get() + "' is set but node selection is " + strategy);
        }
        if (failbackDelay == null) {
            problems.add("failback delay must be set");
        } else if (failbackDelay.isNegative()) {
            problems.add("failback delay must not be negative, not " + failbackDelay);
        }
        return problems;
    }
}
