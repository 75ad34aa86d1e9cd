package io.mqttha.dashboard;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.StreamKey;
import io.mqttha.client.continuity.StreamStats;
import io.mqttha.dashboard.DashboardEvent.ContinuityObserved;
import io.mqttha.dashboard.DashboardEvent.DashboardConnection;
import io.mqttha.dashboard.DashboardEvent.DashboardFailover;
import io.mqttha.dashboard.DashboardEvent.MessageArrived;
import io.mqttha.dashboard.DashboardEvent.NodeProbed;
import io.mqttha.dashboard.TimelineEntry.Kind;
import io.mqttha.publisher.PublisherTopics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardViewModelTest {

    private static final PublisherTopics TOPICS = new PublisherTopics(PublisherTopics.DEFAULT_PREFIX);
    private static final DashboardTopology TOPOLOGY = DashboardTopology.of(ClusterDescription.standard());
    private static final String NODE_3_ADDRESS = "127.0.0.1:18833";
    private static final String NODE_1_ADDRESS = "127.0.0.1:18831";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T12:00:00.000Z"));
    private final List<DashboardEvent> controlResults = new ArrayList<>();
    private final DashboardViewModel model = new DashboardViewModel(TOPOLOGY, TOPICS, clock,
            DashboardControls.unavailable("No cluster to control in this test."), controlResults::add);

    private MessageArrived telemetry(String publisher, int qos, long latencyMillis) {
        return new MessageArrived(TOPICS.telemetry(publisher, io.mqttha.client.Qos.of(qos)), "", qos, false,
                NODE_3_ADDRESS, clock.instant(), latencyMillis);
    }

    private MessageArrived message(String topic, String payload, boolean retained, String node) {
        return new MessageArrived(topic, payload, 1, retained, node, clock.instant(), -1);
    }

    private MessageArrived heartbeat(String publisher, String node, long failovers) {
        return message(TOPICS.heartbeat(publisher), "{\"publisher\":\"" + publisher + "\",\"node\":\"" + node
                + "\",\"uptimeMillis\":1000,\"sent\":{\"qos0\":10,\"qos1\":20,\"qos2\":30},\"acknowledged\":{},\"failovers\":"
                + failovers + "}", false, node);
    }

    private NodeProbed probed(String node, NodeStatus status) {
        return new NodeProbed(node, status, status == NodeStatus.UP ? Optional.of(Duration.ofMillis(3)) : Optional.empty(),
                clock.instant());
    }

    @Test
    void startsWithEveryNodeUnknownAndEveryPublisherUnheard() {
        assertThat(model.nodes()).extracting(NodeView::name).containsExactly("node-1", "node-2", "node-3", "node-4",
                "node-5", "node-6", "node-7", "relay-a", "relay-b");
        assertThat(model.nodes()).allSatisfy(node -> assertThat(node.status()).isEqualTo(NodeStatus.UNKNOWN));
        assertThat(model.publishers()).hasSize(7).allSatisfy(p -> assertThat(p.status()).isEqualTo(PublisherStatus.UNKNOWN));
        assertThat(model.continuity()).hasSize(21);
        assertThat(model.timeline()).isEmpty();
    }

    @Test
    void countsEveryTelemetryMessageExactlyPerStreamAndPublisher() {
        List<DashboardEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(telemetry("publisher-" + (i % 7 + 1), i % 3, 5));
        }
        model.apply(batch.subList(0, 400), 400);
        model.apply(batch.subList(400, 1000), 1000);

        assertThat(model.messagesAppliedProperty().get()).isEqualTo(1000);
        assertThat(model.messagesReceivedProperty().get()).isEqualTo(1000);
        long expectedP1Q0 = batch.stream().filter(e -> ((MessageArrived) e).topic().equals(TOPICS.telemetry("publisher-1",
                io.mqttha.client.Qos.AT_MOST_ONCE))).count();
        assertThat(model.continuityRow("publisher-1", 0).receivedProperty().get()).isEqualTo(expectedP1Q0);
        assertThat(model.continuity().stream().mapToLong(r -> r.receivedProperty().get()).sum()).isEqualTo(1000);
        assertThat(model.publishers().stream().mapToLong(p -> p.receivedProperty().get()).sum()).isEqualTo(1000);
        assertThat(model.publisher("publisher-2").qosLevelsProperty().get()).isEqualTo("0 1 2");
        assertThat(model.receivedTotal(0) + model.receivedTotal(1) + model.receivedTotal(2)).isEqualTo(1000);
        assertThat(model.node("node-3").lastSeenProperty().get()).isEqualTo(clock.instant());
    }

    @Test
    void closesOnePointPerSecondWithRateLatencyAndGaps() {
        model.apply(List.of(telemetry("publisher-1", 1, 10), telemetry("publisher-2", 1, 30)));
        clock.advance(Duration.ofSeconds(1));
        model.apply(List.of());
        clock.advance(Duration.ofSeconds(1));
        model.apply(List.of(telemetry("publisher-1", 1, 20)));

        List<SeriesPoint> points = model.recentSeries(1, 10);
        assertThat(points).hasSize(2);
        assertThat(points.get(0).messages()).isEqualTo(2);
        assertThat(points.get(0).latencyMeanMillis()).isEqualTo(20.0);
        assertThat(points.get(0).latencyMaxMillis()).isEqualTo(30.0);
        assertThat(points.get(1).messages()).isZero();
        assertThat(points.get(1).latencyMeanMillis()).isNaN();
        assertThat(model.ratePerSecond(1, 1)).isEqualTo(0.0);
        assertThat(model.ratePerSecond(1, 10)).isEqualTo(1.0);
        assertThat(model.continuityRow("publisher-1", 1).ratePerSecondProperty().get()).isEqualTo(0.5);
    }

    @Test
    void seriesMemoryStaysBoundedOverMoreThanAnHour() {
        for (int second = 0; second < DashboardViewModel.SERIES_CAPACITY + 500; second++) {
            clock.advance(Duration.ofSeconds(1));
            model.apply(List.of(telemetry("publisher-1", 0, 1)));
        }
        assertThat(model.recentSeries(0, Integer.MAX_VALUE)).hasSize(DashboardViewModel.SERIES_CAPACITY);
        assertThat(model.continuityRow("publisher-1", 0).receivedProperty().get())
                .isEqualTo(DashboardViewModel.SERIES_CAPACITY + 500);
    }

    @Test
    void showsANodeDownThenUpWithItsOutageInTheTimelineAndAsABand() {
        model.apply(List.of(probed("node-3", NodeStatus.UP)));
        clock.advance(Duration.ofSeconds(2));
        model.apply(List.of(probed("node-3", NodeStatus.DOWN)));
        assertThat(model.node("node-3").status()).isEqualTo(NodeStatus.DOWN);
        assertThat(model.node("node-3").roundTripMillisProperty().get()).isEqualTo(3);
        assertThat(model.outages()).singleElement().satisfies(band -> assertThat(band.to()).isEmpty());

        clock.advance(Duration.ofMillis(5400));
        model.apply(List.of(probed("node-3", NodeStatus.UP)));

        assertThat(model.node("node-3").status()).isEqualTo(NodeStatus.UP);
        assertThat(model.node("node-3").statusSinceProperty().get()).isEqualTo(clock.instant());
        assertThat(model.timeline()).extracting(TimelineEntry::kind).containsExactly(Kind.NODE_UP, Kind.NODE_DOWN, Kind.NODE_UP);
        assertThat(model.timeline().get(0).text()).isEqualTo("node-3 up again after 5.4 s down");
        OutageBand band = model.outages().get(0);
        assertThat(band.to()).contains(clock.instant());
        assertThat(Duration.between(band.from(), band.to().orElseThrow())).isEqualTo(Duration.ofMillis(5400));
    }

    @Test
    void showsAPausedNodeHungAndHowLongAgoItWasLastSeen() {
        model.apply(List.of(probed("relay-a", NodeStatus.UP)));
        clock.advance(Duration.ofMillis(2500));
        model.apply(List.of(probed("relay-a", NodeStatus.HUNG)));

        NodeView relay = model.node("relay-a");
        assertThat(relay.status()).isEqualTo(NodeStatus.HUNG);
        assertThat(relay.sinceLastSeenProperty().get()).isEqualTo(Duration.ofMillis(2500));
        assertThat(model.timeline().get(0).kind()).isEqualTo(Kind.NODE_HUNG);
    }

    @Test
    void showsANodeThatRefusesTheDashboardsLoginAsRefusedNotAsAnOutage() {
        model.apply(List.of(probed("node-2", NodeStatus.UP)));
        clock.advance(Duration.ofSeconds(1));
        model.apply(List.of(probed("node-2", NodeStatus.of(io.mqttha.client.NodeState.REFUSED))));

        assertThat(model.node("node-2").status()).isEqualTo(NodeStatus.REFUSED);
        assertThat(model.node("node-2").status().isOutage()).isFalse();
        assertThat(model.outages()).isEmpty();
        assertThat(model.timeline().get(0).kind()).isEqualTo(Kind.NODE_REFUSED);
        assertThat(model.timeline().get(0).text()).isEqualTo("node-2 refuses the dashboard's login");
    }

    @Test
    void derivesPublisherStatusFromStatusAndHeartbeat() {
        model.apply(List.of(message(TOPICS.status("publisher-3"), "online", true, NODE_3_ADDRESS),
                heartbeat("publisher-3", NODE_3_ADDRESS, 0)));
        PublisherView publisher = model.publisher("publisher-3");
        assertThat(publisher.status()).isEqualTo(PublisherStatus.ONLINE);
        assertThat(publisher.node()).isEqualTo("node-3");
        assertThat(publisher.sentProperty().get()).isEqualTo(60);
        assertThat(model.node("node-3").publishersHereProperty().get()).isEqualTo("publisher-3");

        clock.advance(DashboardViewModel.HEARTBEAT_TIMEOUT.plusMillis(1));
        model.apply(List.of());
        assertThat(publisher.status()).isEqualTo(PublisherStatus.SILENT);

        model.apply(List.of(message(TOPICS.status("publisher-3"), "offline", true, NODE_1_ADDRESS)));
        assertThat(publisher.status()).isEqualTo(PublisherStatus.OFFLINE);
        assertThat(model.node("node-3").publishersHereProperty().get()).isEmpty();
        assertThat(model.timeline()).extracting(TimelineEntry::kind)
                .containsExactly(Kind.PUBLISHER_OFFLINE, Kind.PUBLISHER_SILENT, Kind.PUBLISHER_ONLINE);
        assertThat(model.timeline().get(2).text()).isEqualTo("publisher-3 online on node-3");
    }

    @Test
    void recordsAPublisherMovingToAnotherNode() {
        model.apply(List.of(heartbeat("publisher-3", NODE_3_ADDRESS, 0)));
        clock.advance(Duration.ofSeconds(1));
        model.apply(List.of(heartbeat("publisher-3", NODE_1_ADDRESS, 1)));

        assertThat(model.publisher("publisher-3").node()).isEqualTo("node-1");
        assertThat(model.publisher("publisher-3").failoversProperty().get()).isEqualTo(1);
        assertThat(model.timeline().get(0).kind()).isEqualTo(Kind.FAILOVER);
        assertThat(model.timeline().get(0).text()).startsWith("publisher-3 failed over node-3 → node-1");
    }

    @Test
    void tracksTheDashboardConnectionAndItsFailovers() {
        model.apply(List.of(new DashboardConnection(Optional.of(NODE_1_ADDRESS), clock.instant())));
        assertThat(model.dashboardNodeProperty().get()).isEqualTo("node-1");
        assertThat(model.node("node-1").dashboardHereProperty().get()).isTrue();

        model.apply(List.of(new DashboardConnection(Optional.empty(), clock.instant()),
                new DashboardFailover("node-1", "node-2", Duration.ofMillis(42), clock.instant()),
                new DashboardConnection(Optional.of("127.0.0.1:18832"), clock.instant())));

        assertThat(model.node("node-1").dashboardHereProperty().get()).isFalse();
        assertThat(model.node("node-2").dashboardHereProperty().get()).isTrue();
        assertThat(model.timeline()).singleElement().extracting(TimelineEntry::text)
                .isEqualTo("dashboard failed over node-1 → node-2 in 42 ms");
    }

    @Test
    void showsContinuityCountersAndMarksNewLossesAsGaps() {
        StreamKey stream = new StreamKey("publisher-4", TOPICS.telemetry("publisher-4", io.mqttha.client.Qos.AT_LEAST_ONCE));
        model.apply(List.of(new ContinuityObserved(snapshot(new StreamStats(stream, new Incarnation(1, 1), 100, 98, 2, 3, 4, 5,
                0, 0, 0, 7, 19, 98, 350, 900, 5)))));

        ContinuityRow row = model.continuityRow("publisher-4", 1);
        assertThat(row.deliveredProperty().get()).isEqualTo(98);
        assertThat(row.lostProperty().get()).isEqualTo(2);
        assertThat(row.duplicatesProperty().get()).isEqualTo(3);
        assertThat(row.reorderedProperty().get()).isEqualTo(4);
        assertThat(row.repairedProperty().get()).isEqualTo(5);
        assertThat(row.latencyP50MillisProperty().get()).isEqualTo(7);
        assertThat(row.repairLatencyP50MillisProperty().get()).isEqualTo(350);
        assertThat(row.latencyP99MillisProperty().get()).isEqualTo(19);
        assertThat(model.continuityRow("publisher-4", 2).deliveredProperty().get()).isEqualTo(-1);
        assertThat(model.timeline()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(Kind.MESSAGES_MISSING);
            assertThat(entry.text()).isEqualTo("QoS 1: 2 messages missing now (more from publisher-4)");
        });

        clock.advance(Duration.ofSeconds(1));
        model.apply(List.of());
        assertThat(model.recentSeries(1, 1)).singleElement().satisfies(point -> assertThat(point.gap()).isTrue());
        assertThat(model.recentSeries(2, 1)).singleElement().satisfies(point -> assertThat(point.gap()).isFalse());
    }

    private ContinuitySnapshot snapshot(StreamStats... streams) {
        return new ContinuitySnapshot(List.of(streams), Map.of(), 0, 0, 0, -1, -1, clock.instant());
    }

    @Test
    void keepsTheNewestRetainedVersionAndReportsConvergenceAfterAFailover() {
        String state = TOPICS.state("publisher-1");
        model.apply(List.of(heartbeat("publisher-1", NODE_1_ADDRESS, 0),
                message(state, "{\"version\":5,\"node\":\"" + NODE_1_ADDRESS + "\"}", true, NODE_1_ADDRESS)));
        model.apply(List.of(new DashboardFailover("node-1", "node-2", Duration.ofMillis(30), clock.instant()),
                message(state, "{\"version\":4}", true, "127.0.0.1:18832")));

        RetainedRow row = model.retained().stream().filter(r -> r.topic().equals(state)).findFirst().orElseThrow();
        assertThat(row.version()).isEqualTo(5);
        assertThat(row.fromNodeProperty().get()).isEqualTo("node-1");
        assertThat(row.staleCopiesIgnoredProperty().get()).isEqualTo(1);
        assertThat(model.timeline()).extracting(TimelineEntry::kind).doesNotContain(Kind.RETAINED_CONVERGED);

        clock.advance(Duration.ofMillis(1500));
        model.apply(List.of(message(state, "{\"version\":6}", true, "127.0.0.1:18832")));
        assertThat(row.version()).isEqualTo(6);
        assertThat(row.fromNodeProperty().get()).isEqualTo("node-2");
        assertThat(model.timeline().get(0).kind()).isEqualTo(Kind.RETAINED_CONVERGED);
        assertThat(model.timeline().get(0).text()).isEqualTo("retained state converged: 1 publishers' state at its newest "
                + "version 1.5 s after the dashboard's failover to node-2 (1 stale copies ignored so far)");
    }

    @Test
    void refusesControlsThatAreUnavailableAndSaysWhy() {
        model.controlNode(ControlAction.KILL, "node-3");
        assertThat(model.timeline()).singleElement().extracting(TimelineEntry::text)
                .isEqualTo("kill node-3 refused: No cluster to control in this test.");
        assertThat(controlResults).isEmpty();
    }

    @Test
    void runsAvailableControlsAndReportsTheirOutcome() {
        AtomicReference<String> performed = new AtomicReference<>();
        TargetControl nodes = new TargetControl() {
            @Override
            public Optional<String> unavailableReason() {
                return Optional.empty();
            }

            @Override
            public void perform(ControlAction action, String target) {
                performed.set(action.label() + " " + target);
            }
        };
        TargetControl failing = new TargetControl() {
            @Override
            public Optional<String> unavailableReason() {
                return Optional.empty();
            }

            @Override
            public void perform(ControlAction action, String target) {
                throw new IllegalStateException(target + " is not running");
            }
        };
        List<DashboardEvent> results = new ArrayList<>();
        DashboardViewModel controlled = new DashboardViewModel(TOPOLOGY, TOPICS, clock,
                new DashboardControls(nodes, failing, Runnable::run), results::add);

        controlled.controlNode(ControlAction.RESTART, "relay-b");
        controlled.controlPublisher(ControlAction.PAUSE, "publisher-5");
        controlled.apply(results);

        assertThat(performed.get()).isEqualTo("restart relay-b");
        assertThat(controlled.timeline()).extracting(TimelineEntry::text).containsExactly(
                "pause publisher-5 failed: publisher-5 is not running", "restart relay-b done",
                "pause publisher-5 requested", "restart relay-b requested");
    }

    @Test
    void keepsTheTimelineBounded() {
        for (int i = 0; i < DashboardViewModel.TIMELINE_CAPACITY + 50; i++) {
            model.apply(List.of(probed("node-5", i % 2 == 0 ? NodeStatus.UP : NodeStatus.DOWN)));
        }
        assertThat(model.timeline()).hasSize(DashboardViewModel.TIMELINE_CAPACITY);
        assertThat(model.outages().size()).isLessThanOrEqualTo(DashboardViewModel.OUTAGE_CAPACITY);
    }

    @Test
    void showsWhichRelayEachEdgeIsBridgedTo() {
        model.apply(List.of(new DashboardEvent.BridgeObserved("node-2", Optional.of("relay-b")),
                new DashboardEvent.BridgeObserved("node-4", Optional.empty())));
        assertThat(model.node("node-2").bridgedToProperty().get()).isEqualTo("relay-b");
        assertThat(model.node("node-4").bridgedToProperty().get()).isEmpty();
    }
}
