package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.NodeState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NodeSelectorTest {

    private static final BrokerAddress A = BrokerAddress.parse("10.0.0.1:1883");
    private static final BrokerAddress B = BrokerAddress.parse("10.0.0.2:1883");
    private static final BrokerAddress C = BrokerAddress.parse("10.0.0.3:1883");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static NodeSelector.Candidate up(BrokerAddress address) {
        return new NodeSelector.Candidate(address, NodeState.UP, null);
    }

    private static NodeSelector.Candidate state(BrokerAddress address, NodeState state) {
        return new NodeSelector.Candidate(address, state, null);
    }

    private static NodeSelector.Candidate backingOff(BrokerAddress address, long millis) {
        return new NodeSelector.Candidate(address, NodeState.DOWN, NOW.plusMillis(millis));
    }

    private static NodeSelector selector(NodeSelection selection) {
        return new NodeSelector(selection, Optional.empty(), true, new Random(1), "device-1");
    }

    @Test
    void orderedTakesTheFirstHealthyNodeWhereverTheClientWasBefore() {
        NodeSelector ordered = selector(NodeSelection.ORDERED);
        assertThat(ordered.select(List.of(up(A), up(B), up(C)), B, NOW).node()).isEqualTo(A);
        assertThat(ordered.select(List.of(backingOff(A, 100), up(B), up(C)), A, NOW).node()).isEqualTo(B);
    }

    @Test
    void roundRobinMovesOnFromTheLastNodeAndWraps() {
        NodeSelector roundRobin = selector(NodeSelection.ROUND_ROBIN);
        List<NodeSelector.Candidate> all = List.of(up(A), up(B), up(C));
        assertThat(roundRobin.select(all, null, NOW).node()).isEqualTo(A);
        assertThat(roundRobin.select(all, A, NOW).node()).isEqualTo(B);
        assertThat(roundRobin.select(all, C, NOW).node()).isEqualTo(A);
    }

    @Test
    void randomSpreadsOverHealthyNodesAndAvoidsTheNodeJustLeft() {
        NodeSelector random = selector(NodeSelection.RANDOM);
        Set<BrokerAddress> picked = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            picked.add(random.select(List.of(up(A), up(B), up(C)), A, NOW).node());
        }
        assertThat(picked).containsExactlyInAnyOrder(B, C);
    }

    @Test
    void preferredNodeComesFirstWhenHealthyOtherwiseConfiguredOrder() {
        NodeSelector preferred = new NodeSelector(NodeSelection.PREFERRED, Optional.of(C), true, new Random(1), "device-1");
        assertThat(preferred.select(List.of(up(A), up(B), up(C)), null, NOW).node()).isEqualTo(C);
        assertThat(preferred.select(List.of(up(A), up(B), state(C, NodeState.HUNG)), C, NOW).node()).isEqualTo(A);
        assertThat(preferred.home(List.of(A, B, C))).contains(C);
        assertThat(selector(NodeSelection.ORDERED).home(List.of(A, B, C))).isEmpty();
    }

    @Test
    void preferredSelectionPicksAmongOtherNodesWhenThePreferredIsNotACandidate() {
        // The standby is chosen among the nodes other than the active one, which is often the preferred.
        NodeSelector preferred = new NodeSelector(NodeSelection.PREFERRED, Optional.of(C), true, new Random(1), "device-1");
        assertThat(preferred.select(List.of(up(A), up(B)), C, NOW).node()).isEqualTo(A);
    }

    @Test
    void spreadPlacesAFleetEvenlyAndMovesOnlyTheClientsOfAFailedNodeEvenlyOverTheRest() {
        List<BrokerAddress> nodes = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            nodes.add(BrokerAddress.parse("127.0.0.1:" + (18830 + i)));
        }
        BrokerAddress failed = nodes.get(0);
        Map<BrokerAddress, Integer> before = new HashMap<>();
        Map<BrokerAddress, Integer> after = new HashMap<>();
        int clients = 7_000;
        for (int i = 0; i < clients; i++) {
            NodeSelector spread = new NodeSelector(NodeSelection.SPREAD, Optional.empty(), true, new Random(1),
                    "device-" + i);
            List<NodeSelector.Candidate> all = nodes.stream().map(NodeSelectorTest::up).toList();
            BrokerAddress first = spread.select(all, null, NOW).node();
            assertThat(spread.home(nodes)).contains(first);
            before.merge(first, 1, Integer::sum);
            List<NodeSelector.Candidate> withoutFailed = nodes.stream()
                    .map(n -> n.equals(failed) ? state(n, NodeState.DOWN) : up(n)).toList();
            BrokerAddress next = spread.select(withoutFailed, first, NOW).node();
            if (!first.equals(failed)) {
                assertThat(next).as("a client of a surviving node stays").isEqualTo(first);
            }
            after.merge(next, 1, Integer::sum);
        }
        assertThat(before.values()).allSatisfy(n -> assertThat(n).isBetween(900, 1_100));
        assertThat(after).doesNotContainKey(failed);
        assertThat(after.values()).allSatisfy(n -> assertThat(n).isBetween(1_050, 1_290));
    }

    @Test
    void spreadGivesEachClientItsOwnShareOfTheFailbackSpread() {
        Duration delay = Duration.ofSeconds(5);
        Duration spread = Duration.ofSeconds(10);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            waits.add(new NodeSelector(NodeSelection.SPREAD, Optional.empty(), true, new Random(1), "device-" + i)
                    .failbackWait(delay, spread));
        }
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(delay, delay.plus(spread)));
        long firstHalf = waits.stream().filter(w -> w.compareTo(delay.plus(spread.dividedBy(2))) < 0).count();
        assertThat(firstHalf).isBetween(430L, 570L);
        assertThat(selector(NodeSelection.SPREAD).failbackWait(delay, spread))
                .isEqualTo(selector(NodeSelection.SPREAD).failbackWait(delay, spread));
        assertThat(selector(NodeSelection.SPREAD).failbackWait(delay, Duration.ZERO)).isEqualTo(delay);
    }

    @Test
    void nodesReportedDownOrHungByProbesAreSkippedWhileAnotherIsEligible() {
        NodeSelector ordered = selector(NodeSelection.ORDERED);
        List<NodeSelector.Candidate> candidates = List.of(state(A, NodeState.DOWN), state(B, NodeState.HUNG),
                state(C, NodeState.UNKNOWN));
        assertThat(ordered.select(candidates, null, NOW).node()).isEqualTo(C);
    }

    @Test
    void withoutProbesOnlyBackoffExcludesANode() {
        NodeSelector ordered = new NodeSelector(NodeSelection.ORDERED, Optional.empty(), false, new Random(1), "device-1");
        assertThat(ordered.select(List.of(state(A, NodeState.DOWN), up(B)), null, NOW).node()).isEqualTo(A);
    }

    @Test
    void whenEveryNodeLooksBadTheOnesOutOfBackoffAreStillTried() {
        NodeSelector ordered = selector(NodeSelection.ORDERED);
        List<NodeSelector.Candidate> candidates = List.of(backingOff(A, 50), state(B, NodeState.DOWN),
                state(C, NodeState.HUNG));
        assertThat(ordered.select(candidates, null, NOW).node()).isEqualTo(B);
    }

    @Test
    void whenEveryNodeBacksOffTheClientWaitsForTheEarliest() {
        NodeSelector ordered = selector(NodeSelection.ORDERED);
        NodeSelector.Choice choice = ordered.select(
                List.of(backingOff(A, 300), backingOff(B, 120), backingOff(C, 900)), null, NOW);
        assertThat(choice.node()).isNull();
        assertThat(choice.retryAt()).isEqualTo(NOW.plusMillis(120));
    }

    @Test
    void aBackoffThatHasEndedNoLongerExcludes() {
        NodeSelector ordered = selector(NodeSelection.ORDERED);
        List<NodeSelector.Candidate> candidates = new ArrayList<>(List.of(backingOff(A, 100), up(B)));
        assertThat(ordered.select(candidates, null, NOW.plusMillis(99)).node()).isEqualTo(B);
        candidates.set(0, new NodeSelector.Candidate(A, NodeState.UNKNOWN, NOW.plusMillis(100)));
        assertThat(ordered.select(candidates, null, NOW.plusMillis(100)).node()).isEqualTo(A);
    }

    @Test
    void aNodeRefusingTheCredentialsIsTriedOnlyWhenNothingBetterIsLeft() {
        NodeSelector ordered = selector(NodeSelection.ORDERED);
        assertThat(ordered.select(List.of(state(A, NodeState.REFUSED), up(B)), null, NOW).node()).isEqualTo(B);
        assertThat(ordered.select(List.of(state(A, NodeState.REFUSED), backingOff(B, 100)), null, NOW).node())
                .isEqualTo(A);
    }
}
