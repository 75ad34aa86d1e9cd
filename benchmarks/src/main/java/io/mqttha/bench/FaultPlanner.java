package io.mqttha.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses the chaos soak's faults from a seeded random source, so that a seed reproduces a schedule.
 * It never lets every edge be down at once (a client then has nowhere to go, and no client library
 * could avoid loss), never both relays (the edges form a tree under the relay pair: with both gone the
 * edges are islands and a message reaches only the subscribers on its own edge), and never faults a node
 * whose previous fault has not healed. Given no relays, it faults edges only.
 */
final class FaultPlanner {

    /** What happens to a node, and how it is healed. */
    enum Kind {
        /** SIGKILL, as a crash would; healed by starting it again, with an empty store. */
        KILL,
        /** SIGSTOP: it accepts TCP but answers nothing; healed by SIGCONT. */
        PAUSE,
        /** A graceful stop (SIGTERM), held down, then started again, as an operator's restart would. */
        RESTART;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One fault: which node, what, and how long before it is healed. */
    record Fault(String node, Kind kind, Duration hold) {
    }

    private final List<String> edges;
    private final List<String> relays;
    private final int maxConcurrentFaults;
    private final Duration minHold;
    private final Duration maxHold;

    FaultPlanner(List<String> edges, List<String> relays, int maxConcurrentFaults, Duration minHold, Duration maxHold) {
        if (edges.size() < 2 || relays.size() == 1) {
            throw new IllegalArgumentException("A soak needs at least two edges, and two relays or none to fault");
        }
        this.edges = List.copyOf(edges);
        this.relays = List.copyOf(relays);
        this.maxConcurrentFaults = maxConcurrentFaults;
        this.minHold = minHold;
        this.maxHold = maxHold;
    }

    /**
     * The next fault, given the nodes whose faults have not healed yet.
     *
     * @return empty when no node may be faulted now
     */
    Optional<Fault> next(RandomGenerator random, Set<String> faulted) {
        if (faulted.size() >= maxConcurrentFaults) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        long edgesDown = edges.stream().filter(faulted::contains).count();
        if (edgesDown < edges.size() - 1) {
            edges.stream().filter(edge -> !faulted.contains(edge)).forEach(candidates::add);
        }
        if (!relays.isEmpty() && relays.stream().noneMatch(faulted::contains)) {
            candidates.addAll(relays);
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String node = candidates.get(random.nextInt(candidates.size()));
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        long holdMillis = minHold.toMillis() + random.nextLong(maxHold.toMillis() - minHold.toMillis() + 1);
        return Optional.of(new Fault(node, kind, Duration.ofMillis(holdMillis)));
    }

    /** The wait before the next fault: uniform between half and one and a half times {@code mean}. */
    static Duration gap(RandomGenerator random, Duration mean) {
        long meanMillis = mean.toMillis();
        return Duration.ofMillis(meanMillis / 2 + random.nextLong(meanMillis + 1));
    }
}
