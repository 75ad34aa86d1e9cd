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
 * @param failbackDelay  how long health probes must have seen a client's home node (the preferred node, or
 *                       the first of its own order with {@link NodeSelection#SPREAD}) up before the client
 *                       moves back to it, zero or positive
 * @param failbackSpread how much longer, at most, a client waits on top of the failback delay; each client
 *                       waits its own share, so that the clients of a node that returns come back over this
 *                       time rather than all at once; zero or positive
 */
public record SelectionPolicy(NodeSelection strategy, Optional<BrokerAddress> preferred, Duration failbackDelay,
        Duration failbackSpread) {

    /** Ranking unless set: each client its own order, so that a fleet spreads over the cluster. */
    public static final NodeSelection DEFAULT_STRATEGY = NodeSelection.SPREAD;
    /** Time the preferred node must be up before failback unless set, so that a flapping node is not followed. */
    public static final Duration DEFAULT_FAILBACK_DELAY = Duration.ofSeconds(5);
    /**
     * Time over which the clients of a returning node fail back unless set: at a thousand clients on seven
     * nodes, about fifteen connections a second for the returning node.
     */
    public static final Duration DEFAULT_FAILBACK_SPREAD = Duration.ofSeconds(10);
    /** Each client its own order, failing back over the default delay and spread. */
    public static final SelectionPolicy DEFAULT = new SelectionPolicy(DEFAULT_STRATEGY, Optional.empty(),
            DEFAULT_FAILBACK_DELAY, DEFAULT_FAILBACK_SPREAD);

    /**
     * Validates the policy.
     *
     * @throws IllegalArgumentException listing every problem
     */
    public SelectionPolicy {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(preferred, "preferred");
        ConfigProblems.throwIfAny("node selection", problems(strategy, preferred, failbackDelay, failbackSpread));
    }

    static List<String> problems(NodeSelection strategy, Optional<BrokerAddress> preferred, Duration failbackDelay,
            Duration failbackSpread) {
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
        if (failbackSpread == null) {
            problems.add("failback spread must be set");
        } else if (failbackSpread.isNegative()) {
            problems.add("failback spread must not be negative, not " + failbackSpread);
        }
        return problems;
    }
}
