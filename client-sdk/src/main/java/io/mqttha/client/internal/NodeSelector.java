package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.NodeState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Picks the node to connect to next. A pure function of what {@link NodeTracker} knows, so every rule is
 * unit-tested with plain values.
 *
 * <p>Nodes are ranked by the strategy and then taken from the first non-empty tier:
 * <ol>
 * <li>nodes out of backoff and not known to be down, hung or refusing the credentials (that verdict only
 * counts while health probes run, because only probes can lift it);</li>
 * <li>nodes out of backoff whatever their state, in case the probes are wrong;</li>
 * <li>none: wait until the earliest backoff ends.</li>
 * </ol>
 */
final class NodeSelector {

    private final NodeSelection strategy;
    private final BrokerAddress preferred;
    private final boolean probing;
    private final Random random;

    NodeSelector(NodeSelection strategy, Optional<BrokerAddress> preferred, boolean probing, Random random) {
        this.strategy = strategy;
        this.preferred = preferred.orElse(null);
        this.probing = probing;
        this.random = random;
    }

    /** One node as node selection sees it; {@code retryAt} is null when the node is not backing off. */
    record Candidate(BrokerAddress address, NodeState state, Instant retryAt) {

        boolean backingOff(Instant now) {
            return retryAt != null && retryAt.isAfter(now);
        }

        /** Down, hung or refusing the credentials, a verdict only a successful probe lifts. */
        boolean reportedBad() {
            return state == NodeState.DOWN || state == NodeState.HUNG || state == NodeState.REFUSED;
        }
    }

    /** Either a node to try now, or the time at which to ask again. */
    record Choice(BrokerAddress node, Instant retryAt) {

        static Choice connect(BrokerAddress node) {
            return new Choice(node, null);
        }

        static Choice waitUntil(Instant retryAt) {
            return new Choice(null, retryAt);
        }
    }

    /**
     * Chooses the next node.
     *
     * @param candidates every node, in configured order
     * @param last       the node used or tried last, or null
     * @param now        the current time
     * @return the choice
     */
    Choice select(List<Candidate> candidates, BrokerAddress last, Instant now) {
        List<Candidate> ranked = rank(candidates, last);
        for (Candidate c : ranked) {
            if (!c.backingOff(now) && !(probing && c.reportedBad())) {
                return Choice.connect(c.address());
            }
        }
        for (Candidate c : ranked) {
            if (!c.backingOff(now)) {
                return Choice.connect(c.address());
            }
        }
        Instant earliest = null;
        for (Candidate c : candidates) {
            if (earliest == null || c.retryAt().isBefore(earliest)) {
                earliest = c.retryAt();
            }
        }
        return Choice.waitUntil(earliest);
    }

    /** Tells whether the client should move back to the preferred node when it is on {@code current}. */
    boolean wantsFailback(BrokerAddress current) {
        return strategy == NodeSelection.PREFERRED && !preferred.equals(current);
    }

    /** The preferred node, when the strategy has one. */
    Optional<BrokerAddress> preferred() {
        return Optional.ofNullable(preferred);
    }

    private List<Candidate> rank(List<Candidate> candidates, BrokerAddress last) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        switch (strategy) {
            case ORDERED -> { }
            case ROUND_ROBIN -> {
                int lastIndex = indexOf(ranked, last);
                Collections.rotate(ranked, -(lastIndex + 1));
            }
            case RANDOM -> {
                Collections.shuffle(ranked, random);
                // Going back to the node just left is the worst random pick: move it to the end.
                int lastIndex = indexOf(ranked, last);
                if (lastIndex >= 0) {
                    ranked.add(ranked.remove(lastIndex));
                }
            }
            case PREFERRED -> {
                // The preferred node is not a candidate when it is the one being replaced or stood by for.
                int preferredIndex = indexOf(ranked, preferred);
                if (preferredIndex >= 0) {
                    ranked.add(0, ranked.remove(preferredIndex));
                }
            }
        }
        return ranked;
    }

    private static int indexOf(List<Candidate> candidates, BrokerAddress address) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).address().equals(address)) {
                return i;
            }
        }
        return -1;
    }
}
