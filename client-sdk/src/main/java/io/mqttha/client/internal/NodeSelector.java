package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.NodeState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

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
    private final String clientId;
    private final Map<BrokerAddress, Long> weights = new ConcurrentHashMap<>();

    /**
     * @param clientId whose nodes these are; {@link NodeSelection#SPREAD} ranks the nodes by it, and it
     *                 sets where in the failback spread this client falls
     */
    NodeSelector(NodeSelection strategy, Optional<BrokerAddress> preferred, boolean probing, Random random,
            String clientId) {
        this.strategy = strategy;
        this.preferred = preferred.orElse(null);
        this.probing = probing;
        this.random = random;
        this.clientId = clientId;
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

    /**
     * The node this client belongs on, when its strategy has one: the preferred node, or the first of the
     * client's own order with {@link NodeSelection#SPREAD}. A client elsewhere fails back to it.
     *
     * @param addresses every configured node
     */
    Optional<BrokerAddress> home(List<BrokerAddress> addresses) {
        return switch (strategy) {
            case PREFERRED -> Optional.of(preferred);
            case SPREAD -> addresses.stream().max(Comparator.comparingLong(this::weight));
            case ORDERED, ROUND_ROBIN, RANDOM -> Optional.empty();
        };
    }

    /**
     * How long the home node must have been up before this client fails back to it: {@code delay}, plus
     * this client's share of {@code spread}, so that the clients of a node that returns come back over
     * the spread rather than all at once. The share is the same for a client id in every run.
     */
    Duration failbackWait(Duration delay, Duration spread) {
        double share = (mix(clientId.hashCode()) >>> 11) * 0x1.0p-53;
        return delay.plusNanos((long) (spread.toNanos() * share));
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
            case SPREAD -> ranked.sort(Comparator.comparingLong((Candidate c) -> weight(c.address())).reversed());
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

    /**
     * Rendezvous (highest random weight) hashing: each client ranks the nodes by a hash of its id and the
     * node's address. Clients spread evenly; when a node fails, only its clients move, and they spread evenly
     * over the rest, because each one's second choice is independent of the others'.
     */
    private long weight(BrokerAddress node) {
        // Asked for every node at each failback check, ten times a second per client: computed once per node.
        return weights.computeIfAbsent(node,
                n -> mix(clientId.hashCode() * 0x9E3779B97F4A7C15L + n.toString().hashCode()));
    }

    /** The 64-bit finaliser of MurmurHash3: every input bit affects every output bit. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
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
