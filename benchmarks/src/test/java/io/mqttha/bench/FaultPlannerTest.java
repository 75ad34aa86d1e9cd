package io.mqttha.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FaultPlannerTest {

    private static final List<String> EDGES = List.of("node-1", "node-2", "node-3", "node-4", "node-5", "node-6", "node-7");
    private static final List<String> RELAYS = List.of("relay-a", "relay-b");

    @Test
    void neverTakesDownEveryEdgeOrBothRelaysOrANodeAlreadyFaulted() {
        FaultPlanner planner = new FaultPlanner(EDGES, RELAYS, 9, Duration.ofSeconds(1), Duration.ofSeconds(8));
        Random random = new Random(7);
        Set<String> faulted = new HashSet<>();
        int chosen = 0;
        for (int step = 0; step < 20_000; step++) {
            if (!faulted.isEmpty() && random.nextInt(3) == 0) {
                faulted.remove(new ArrayList<>(faulted).get(random.nextInt(faulted.size())));
            }
            Optional<FaultPlanner.Fault> fault = planner.next(random, faulted);
            if (fault.isPresent()) {
                assertThat(faulted).doesNotContain(fault.get().node());
                faulted.add(fault.get().node());
                chosen++;
            }
            assertThat(EDGES.stream().filter(faulted::contains).count()).isLessThan(EDGES.size());
            assertThat(RELAYS.stream().filter(faulted::contains).count()).isLessThanOrEqualTo(1);
        }
        assertThat(chosen).isGreaterThan(1000);
    }

    @Test
    void withoutRelaysOnlyEdgesAreFaulted() {
        FaultPlanner planner = new FaultPlanner(EDGES, List.of(), 3, Duration.ofSeconds(1), Duration.ofSeconds(8));
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            assertThat(planner.next(random, Set.of()).orElseThrow().node()).isIn(EDGES);
        }
    }

    @Test
    void respectsTheConcurrencyLimitAndTheHoldBounds() {
        FaultPlanner planner = new FaultPlanner(EDGES, RELAYS, 2, Duration.ofSeconds(1), Duration.ofSeconds(3));
        Random random = new Random(1);
        assertThat(planner.next(random, Set.of("node-1", "relay-a"))).isEmpty();
        for (int i = 0; i < 1000; i++) {
            Duration hold = planner.next(random, Set.of()).orElseThrow().hold();
            assertThat(hold).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        }
    }

    @Test
    void aSeedReproducesTheSchedule() {
        FaultPlanner planner = new FaultPlanner(EDGES, RELAYS, 3, Duration.ofSeconds(1), Duration.ofSeconds(8));
        assertThat(schedule(planner, 42)).isEqualTo(schedule(planner, 42)).isNotEqualTo(schedule(planner, 43));
    }

    @Test
    void eventuallyFaultsEveryNodeWithEveryKind() {
        FaultPlanner planner = new FaultPlanner(EDGES, RELAYS, 3, Duration.ofSeconds(1), Duration.ofSeconds(8));
        Random random = new Random(3);
        Map<String, Set<FaultPlanner.Kind>> seen = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            FaultPlanner.Fault fault = planner.next(random, Set.of()).orElseThrow();
            seen.computeIfAbsent(fault.node(), node -> new HashSet<>()).add(fault.kind());
        }
        assertThat(seen).hasSize(EDGES.size() + RELAYS.size());
        assertThat(seen.values()).allSatisfy(kinds -> assertThat(kinds).hasSize(FaultPlanner.Kind.values().length));
    }

    private static List<FaultPlanner.Fault> schedule(FaultPlanner planner, long seed) {
        Random random = new Random(seed);
        List<FaultPlanner.Fault> faults = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            faults.add(planner.next(random, Set.of()).orElseThrow());
        }
        return faults;
    }
}
