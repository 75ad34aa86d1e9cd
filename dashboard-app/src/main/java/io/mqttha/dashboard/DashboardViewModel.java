package io.mqttha.dashboard;

import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.continuity.StreamStats;
import io.mqttha.dashboard.DashboardEvent.BridgeObserved;
import io.mqttha.dashboard.DashboardEvent.ContinuityObserved;
import io.mqttha.dashboard.DashboardEvent.ControlCompleted;
import io.mqttha.dashboard.DashboardEvent.DashboardConnection;
import io.mqttha.dashboard.DashboardEvent.DashboardFailover;
import io.mqttha.dashboard.DashboardEvent.MessageArrived;
import io.mqttha.dashboard.DashboardEvent.NodeProbed;
import io.mqttha.dashboard.TimelineEntry.Kind;
import io.mqttha.publisher.PublisherHeartbeat;
import io.mqttha.publisher.PublisherPayloads;
import io.mqttha.publisher.PublisherTopics;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the dashboard shows, as read-only properties and observable lists; views only listen to it
 * and call its commands.
 *
 * <p>Threading: {@link #apply} and the commands must be called on one thread, the JavaFX application
 * thread when a window shows the model. Background threads never touch it: they queue
 * {@link DashboardEvent}s that a {@link IngestPump} hands over in batches, about ten a second.
 *
 * <p>Time comes from the injected {@link Clock}: rates are bucketed by the second the clock shows when a
 * batch is applied, and ages are measured against it, so tests drive it without waiting.
 */
public final class DashboardViewModel {

    /** A publisher that says {@code online} but sent no heartbeat for this long is shown silent. */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    /** Timeline entries kept; older ones are dropped. */
    public static final int TIMELINE_CAPACITY = 500;
    /** Seconds of chart data kept per QoS level: one hour. */
    public static final int SERIES_CAPACITY = 3600;
    /** Outage bands kept; older ones are dropped. */
    public static final int OUTAGE_CAPACITY = 200;
    /** The window of the per-publisher and per-stream rates, in seconds. */
    public static final int ROW_RATE_WINDOW_SECONDS = 10;
    /** The QoS levels, in order. */
    public static final List<Integer> QOS_LEVELS = List.of(0, 1, 2);

    private final DashboardTopology topology;
    private final PublisherTopics topics;
    private final Clock clock;
    private final ControlCommands commands;

    private final ObservableList<NodeView> nodes = FXCollections.observableArrayList();
    private final ObservableList<PublisherView> publishers = FXCollections.observableArrayList();
    private final ObservableList<ContinuityRow> continuity = FXCollections.observableArrayList();
    private final ObservableList<RetainedRow> retained = FXCollections.observableArrayList();
    private final ObservableList<TimelineEntry> timeline = FXCollections.observableArrayList();
    private final ObservableList<OutageBand> outages = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper dashboardNode = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper messagesApplied = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper messagesReceived = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper batchesApplied = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper staleRetainedIgnored = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ContinuitySnapshot> latestContinuity = new ReadOnlyObjectWrapper<>();

    private final Map<String, NodeView> nodesByName = new LinkedHashMap<>();
    private final Map<String, PublisherView> publishersByName = new LinkedHashMap<>();
    private final Map<String, ContinuityRow> rowsByTopic = new HashMap<>();
    private final Map<ContinuityRow, Long> lastSecondReceived = new HashMap<>();
    private final Map<ContinuityRow, RateWindow> rowRates = new HashMap<>();
    private final RetainedTable retainedTable = new RetainedTable(retained);
    private final TopicRoutes routes;
    private final List<QosSeries> series = new ArrayList<>();
    private final RetainedConvergence convergence = new RetainedConvergence();
    private final OutageBands outageBands = new OutageBands(outages, OUTAGE_CAPACITY);
    /** Telemetry messages per continuity row in the batch being applied, added to the rows once at its end. */
    private final long[] batchCounts;
    private long currentSecond;

    /**
     * A model of {@code topology} with every node unknown and every publisher unheard.
     *
     * @param topology       the nodes and publishers to show
     * @param topics         the publishers' topic layout
     * @param clock          the time source
     * @param controls       what the kill/pause/resume/restart commands act on
     * @param controlResults where a finished command reports back; the events must come back through
     *                       {@link #apply} on this model's thread
     */
    public DashboardViewModel(DashboardTopology topology, PublisherTopics topics, Clock clock, DashboardControls controls,
            Consumer<DashboardEvent> controlResults) {
        this.topology = topology;
        this.topics = topics;
        this.clock = clock;
        this.commands = new ControlCommands(controls, controlResults, clock,
                (subject, text) -> addTimeline(clock.instant(), Kind.CONTROL, subject, text));
        Instant start = clock.instant();
        now.set(start);
        currentSecond = start.getEpochSecond();
        for (NodeInfo info : topology.nodes()) {
            NodeView view = new NodeView(info, start);
            nodes.add(view);
            nodesByName.put(info.name(), view);
        }
        for (String publisher : topology.publishers()) {
            PublisherView view = new PublisherView(publisher);
            publishers.add(view);
            publishersByName.put(publisher, view);
            for (int qos : QOS_LEVELS) {
                ContinuityRow row = new ContinuityRow(publisher, qos, topics.telemetry(publisher, Qos.of(qos)));
                continuity.add(row);
                rowsByTopic.put(row.topic(), row);
                rowRates.put(row, new RateWindow());
            }
        }
        routes = new TopicRoutes(topology.publishers(), topics, QOS_LEVELS);
        batchCounts = new long[continuity.size()];
        for (int qos : QOS_LEVELS) {
            series.add(new QosSeries(SERIES_CAPACITY));
        }
    }

    // ---------------------------------------------------------------- read-only state for views

    /**
     * The topology shown.
     *
     * @return the nodes and publishers
     */
    public DashboardTopology topology() {
        return topology;
    }

    /**
     * One tile per node, edges first, in a fixed order.
     *
     * @return an unmodifiable live list
     */
    public ObservableList<NodeView> nodes() {
        return FXCollections.unmodifiableObservableList(nodes);
    }

    /**
     * One row per publisher, in a fixed order.
     *
     * @return an unmodifiable live list
     */
    public ObservableList<PublisherView> publishers() {
        return FXCollections.unmodifiableObservableList(publishers);
    }

    /**
     * One row per publisher and QoS level, publisher by publisher.
     *
     * @return an unmodifiable live list
     */
    public ObservableList<ContinuityRow> continuity() {
        return FXCollections.unmodifiableObservableList(continuity);
    }

    /**
     * The newest value of every retained topic, sorted by topic.
     *
     * @return an unmodifiable live list
     */
    public ObservableList<RetainedRow> retained() {
        return FXCollections.unmodifiableObservableList(retained);
    }

    /**
     * Events, newest first, at most {@link #TIMELINE_CAPACITY}.
     *
     * @return an unmodifiable live list
     */
    public ObservableList<TimelineEntry> timeline() {
        return FXCollections.unmodifiableObservableList(timeline);
    }

    /**
     * Node outages, oldest first, at most {@link #OUTAGE_CAPACITY}; an open one has no end yet.
     *
     * @return an unmodifiable live list
     */
    public ObservableList<OutageBand> outages() {
        return FXCollections.unmodifiableObservableList(outages);
    }

    /**
     * The node the dashboard's own connection is on.
     *
     * @return its name, empty while connecting or failing over
     */
    public ReadOnlyStringProperty dashboardNodeProperty() {
        return dashboardNode.getReadOnlyProperty();
    }

    /**
     * Messages applied to this model, counted exactly.
     *
     * @return the count
     */
    public ReadOnlyLongProperty messagesAppliedProperty() {
        return messagesApplied.getReadOnlyProperty();
    }

    /**
     * Messages the dashboard's subscription had received when the latest batch was taken, as the ingest
     * counted them; equal to {@link #messagesAppliedProperty()} when the dashboard loses nothing.
     *
     * @return the count
     */
    public ReadOnlyLongProperty messagesReceivedProperty() {
        return messagesReceived.getReadOnlyProperty();
    }

    /**
     * Batches applied so far.
     *
     * @return the count
     */
    public ReadOnlyLongProperty batchesAppliedProperty() {
        return batchesApplied.getReadOnlyProperty();
    }

    /**
     * Retained copies older than the version already shown, ignored.
     *
     * @return the count
     */
    public ReadOnlyLongProperty staleRetainedIgnoredProperty() {
        return staleRetainedIgnored.getReadOnlyProperty();
    }

    /**
     * Increases after every applied batch: views that redraw (charts, summaries) listen to it.
     *
     * @return the revision
     */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /**
     * The clock's time at the latest batch.
     *
     * @return the time
     */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /**
     * The latest continuity counters of the dashboard's connection.
     *
     * @return the snapshot, null before the first
     */
    public ReadOnlyObjectProperty<ContinuitySnapshot> latestContinuityProperty() {
        return latestContinuity.getReadOnlyProperty();
    }

    /**
     * The tile of a node.
     *
     * @param name the node's name
     * @return its tile
     * @throws IllegalArgumentException for an unknown node
     */
    public NodeView node(String name) {
        NodeView view = nodesByName.get(name);
        if (view == null) {
            throw new IllegalArgumentException("Unknown node " + name + "; the dashboard shows " + nodesByName.keySet());
        }
        return view;
    }

    /**
     * The row of a publisher.
     *
     * @param name the publisher's name
     * @return its row
     * @throws IllegalArgumentException for an unknown publisher
     */
    public PublisherView publisher(String name) {
        PublisherView view = publishersByName.get(name);
        if (view == null) {
            throw new IllegalArgumentException("Unknown publisher " + name + "; the dashboard shows " + publishersByName.keySet());
        }
        return view;
    }

    /**
     * The continuity row of one stream.
     *
     * @param publisher the publisher's name
     * @param qos       the QoS level
     * @return its row
     * @throws IllegalArgumentException for an unknown publisher
     */
    public ContinuityRow continuityRow(String publisher, int qos) {
        return rowsByTopic.get(topics.telemetry(publisher(publisher).name(), Qos.of(qos)));
    }

    /**
     * Telemetry messages per second of one QoS level over the last complete seconds.
     *
     * @param qos     the QoS level
     * @param seconds the window, 1 … {@link RateWindow#MAX_SECONDS}
     * @return the rate
     */
    public double ratePerSecond(int qos, int seconds) {
        return series.get(qos).perSecond(seconds);
    }

    /**
     * Telemetry messages of one QoS level the dashboard received, over all publishers.
     *
     * @param qos the QoS level
     * @return the count
     */
    public long receivedTotal(int qos) {
        return continuity.stream().filter(row -> row.qos() == qos).mapToLong(row -> row.receivedProperty().get()).sum();
    }

    /**
     * The chart points of one QoS level, oldest first, one per complete second.
     *
     * @param qos     the QoS level
     * @param seconds how many of the latest seconds
     * @return at most {@code seconds} points
     */
    public List<SeriesPoint> recentSeries(int qos, int seconds) {
        return series.get(qos).recent(seconds);
    }

    /**
     * Why the node controls are disabled.
     *
     * @return the tooltip sentence, empty when they work
     */
    public Optional<String> nodeControlUnavailableReason() {
        return commands.nodesUnavailable();
    }

    /**
     * Why the publisher controls are disabled.
     *
     * @return the tooltip sentence, empty when they work
     */
    public Optional<String> publisherControlUnavailableReason() {
        return commands.publishersUnavailable();
    }

    // ---------------------------------------------------------------- commands

    /**
     * Kills, pauses, resumes or restarts a node in the background; the timeline shows the request and its
     * outcome, the node's tile the effect.
     *
     * @param action the action
     * @param node   the node's name
     */
    public void controlNode(ControlAction action, String node) {
        commands.node(action, node(node).name());
    }

    /**
     * Kills, pauses, resumes or restarts a publisher in the background; the timeline shows the request and
     * its outcome, the publisher's row the effect.
     *
     * @param action    the action
     * @param publisher the publisher's name
     */
    public void controlPublisher(ControlAction action, String publisher) {
        commands.publisher(action, publisher(publisher).name());
    }

    // ---------------------------------------------------------------- ingest

    /**
     * Applies a batch of events, then refreshes ages, statuses and rates against the clock; an empty batch
     * only refreshes.
     *
     * @param events the events, in the order they happened
     */
    public void apply(List<? extends DashboardEvent> events) {
        apply(events, -1);
    }

    /**
     * Applies a batch of events as {@link #apply(List)} and records how many messages the ingest had
     * received when it took the batch.
     *
     * @param events             the events, in the order they happened
     * @param messagesReceivedSoFar the ingest's count, or -1 when unknown
     */
    public void apply(List<? extends DashboardEvent> events, long messagesReceivedSoFar) {
        Instant time = clock.instant();
        closeSeconds(time);
        long applied = 0;
        for (DashboardEvent event : events) {
            if (event instanceof MessageArrived message) {
                onMessage(message);
                applied++;
            } else if (event instanceof NodeProbed probed) {
                onNodeProbed(probed);
            } else if (event instanceof BridgeObserved bridge) {
                nodesByName.computeIfPresent(bridge.edge(), (name, view) -> {
                    view.setBridgedTo(bridge.relay().orElse(""));
                    return view;
                });
            } else if (event instanceof DashboardConnection connection) {
                onDashboardConnection(connection);
            } else if (event instanceof DashboardFailover failover) {
                addTimeline(failover.time(), Kind.FAILOVER, "dashboard", "dashboard failed over " + failover.from()
                        + " → " + failover.to() + " in " + failover.duration().toMillis() + " ms");
                convergence.start(failover.time(), "the dashboard's failover to " + failover.to());
            } else if (event instanceof ContinuityObserved observed) {
                onContinuity(observed.snapshot(), observed.snapshot().time());
            } else if (event instanceof ControlCompleted completed) {
                addTimeline(completed.time(), Kind.CONTROL, completed.description().substring(completed.description().indexOf(' ') + 1),
                        completed.failure().map(why -> completed.description() + " failed: " + why)
                                .orElse(completed.description() + " done"));
            }
        }
        flushBatchCounts();
        messagesApplied.set(messagesApplied.get() + applied);
        if (messagesReceivedSoFar >= 0) {
            messagesReceived.set(messagesReceivedSoFar);
        }
        batchesApplied.set(batchesApplied.get() + 1);
        refresh(time);
        revision.set(revision.get() + 1);
    }

    private void onMessage(MessageArrived message) {
        String nodeName = topology.nodeAt(message.node()).orElse(message.node());
        NodeView via = nodesByName.get(nodeName);
        if (via != null) {
            via.markSeen(message.time());
        }
        TopicRoutes.Route route = routes.route(message.topic());
        if (route instanceof TopicRoutes.Route.Telemetry telemetry) {
            batchCounts[telemetry.row()]++;
            series.get(continuity.get(telemetry.row()).qos()).count(message.latencyMillis());
        } else if (route instanceof TopicRoutes.Route.Status status) {
            publishersByName.get(status.publisher()).setReportedStatus(message.payload().strip(), message.time());
            onRetainedValue(message, nodeName);
        } else if (route instanceof TopicRoutes.Route.Heartbeat heartbeat) {
            onHeartbeat(publishersByName.get(heartbeat.publisher()), message);
        } else if (route instanceof TopicRoutes.Route.State || message.retained()) {
            onRetainedValue(message, nodeName);
        }
    }

    private void flushBatchCounts() {
        for (int i = 0; i < batchCounts.length; i++) {
            if (batchCounts[i] > 0) {
                ContinuityRow row = continuity.get(i);
                row.addReceived(batchCounts[i]);
                publishersByName.get(row.publisher()).addReceived(row.qos(), batchCounts[i]);
                batchCounts[i] = 0;
            }
        }
    }

    private void onHeartbeat(PublisherView publisher, MessageArrived message) {
        Optional<PublisherHeartbeat> heartbeat = PublisherPayloads.read(message.payload(), PublisherHeartbeat.class);
        long failovers = heartbeat.map(PublisherHeartbeat::failoverCount).orElse(-1L);
        publisher.heartbeat(message.time(), heartbeat.map(PublisherHeartbeat::totalSent).orElse(-1L), failovers);
        String node = heartbeat.flatMap(PublisherHeartbeat::connectedNode)
                .map(address -> topology.nodeAt(address).orElse(address)).orElse("");
        String previous = publisher.node();
        if (!node.isEmpty() && !node.equals(previous)) {
            if (!previous.isEmpty()) {
                addTimeline(message.time(), Kind.FAILOVER, publisher.name(), publisher.name() + " failed over "
                        + previous + " → " + node + " (its failover count is now " + failovers + ")");
            }
            publisher.setNode(node);
        }
    }

    private void onRetainedValue(MessageArrived message, String nodeName) {
        if (!retainedTable.offer(message.topic(), message.payload(), nodeName, message.time())) {
            staleRetainedIgnored.set(retainedTable.staleIgnored());
            return;
        }
        if (convergence.watching() && routes.stateTopics().containsKey(message.topic())) {
            convergence.arrived(message.topic(), message.time(), expectedStateTopics(), staleRetainedIgnored.get())
                    .ifPresent(text -> addTimeline(message.time(), Kind.RETAINED_CONVERGED, "retained", text));
        }
    }

    /** The state topics of the publishers online now whose state the dashboard has seen. */
    private List<String> expectedStateTopics() {
        List<String> expected = new ArrayList<>();
        routes.stateTopics().forEach((topic, publisher) -> {
            if (retainedTable.contains(topic) && publishersByName.get(publisher).status() == PublisherStatus.ONLINE) {
                expected.add(topic);
            }
        });
        return expected;
    }

    private void onNodeProbed(NodeProbed probed) {
        NodeView view = nodesByName.get(probed.node());
        if (view == null) {
            return;
        }
        NodeStatus previous = view.status();
        view.setStatus(probed.status(), probed.time());
        probed.roundTrip().ifPresent(rtt -> view.setRoundTripMillis(rtt.toMillis()));
        if (probed.status() == NodeStatus.UP) {
            view.markSeen(probed.time());
        }
        if (previous == probed.status() || probed.status() == NodeStatus.UNKNOWN) {
            return;
        }
        String name = probed.node();
        switch (probed.status()) {
            case UP -> {
                Optional<Duration> outage = outageBands.ended(name, probed.time());
                if (outage.isPresent()) {
                    addTimeline(probed.time(), Kind.NODE_UP, name, name + " up again after "
                            + TimeText.seconds(outage.get()) + " " + previous.label());
                    convergence.start(probed.time(), name + " rejoined");
                } else {
                    addTimeline(probed.time(), Kind.NODE_UP, name, name + " up");
                }
            }
            case DOWN, HUNG -> {
                outageBands.began(name, probed.status(), previous, probed.time());
                addTimeline(probed.time(), probed.status() == NodeStatus.DOWN ? Kind.NODE_DOWN : Kind.NODE_HUNG, name,
                        name + (probed.status() == NodeStatus.DOWN ? " down" : " hung: accepts TCP but does not answer MQTT"));
            }
            case REFUSED -> {
                // Not an outage: the node serves everyone whose login it accepts.
                if (previous.isOutage()) {
                    outageBands.ended(name, probed.time());
                }
                addTimeline(probed.time(), Kind.NODE_REFUSED, name, name + " refuses the dashboard's login");
            }
            default -> throw new IllegalStateException("Unhandled state " + probed.status());
        }
    }

    private void onDashboardConnection(DashboardConnection connection) {
        String node = connection.node().map(address -> topology.nodeAt(address).orElse(address)).orElse("");
        dashboardNode.set(node);
        for (NodeView view : nodes) {
            view.setDashboardHere(view.name().equals(node));
        }
    }

    private void onContinuity(ContinuitySnapshot snapshot, Instant time) {
        latestContinuity.set(snapshot);
        long[] lostNow = new long[QOS_LEVELS.size()];
        Map<Integer, List<String>> missingStreams = new HashMap<>();
        for (StreamStats stats : snapshot.streams()) {
            ContinuityRow row = rowsByTopic.get(stats.stream().topic());
            if (row == null || !row.publisher().equals(stats.stream().origin())) {
                continue;
            }
            long before = row.lostProperty().get();
            row.apply(stats);
            lostNow[row.qos()] += stats.lost();
            if (stats.lost() > Math.max(before, 0)) {
                missingStreams.computeIfAbsent(row.qos(), qos -> new ArrayList<>()).add(row.publisher());
            }
        }
        for (int qos : QOS_LEVELS) {
            if (series.get(qos).lostNow(lostNow[qos])) {
                addTimeline(time, Kind.MESSAGES_MISSING, "QoS " + qos, "QoS " + qos + ": " + lostNow[qos]
                        + " messages missing now (more from " + String.join(", ", missingStreams.getOrDefault(qos, List.of())) + ")");
            }
        }
    }

    private void closeSeconds(Instant time) {
        long second = time.getEpochSecond();
        if (second - currentSecond > SERIES_CAPACITY) {
            // After a long stall only the last hour can be kept anyway; skip the rest at once.
            currentSecond = second - SERIES_CAPACITY;
        }
        while (currentSecond < second) {
            Map<ContinuityRow, Long> perRow = new HashMap<>();
            for (ContinuityRow row : continuity) {
                perRow.put(row, row.receivedProperty().get());
            }
            for (QosSeries qos : series) {
                qos.closeSecond(Instant.ofEpochSecond(currentSecond));
            }
            for (Map.Entry<ContinuityRow, RateWindow> entry : rowRates.entrySet()) {
                long received = perRow.get(entry.getKey());
                entry.getValue().closeSecond(received - lastSecondReceived.getOrDefault(entry.getKey(), 0L));
                lastSecondReceived.put(entry.getKey(), received);
            }
            currentSecond++;
        }
    }

    private void refresh(Instant time) {
        now.set(time);
        Map<String, List<String>> publishersOnNode = new HashMap<>();
        for (PublisherView publisher : publishers) {
            PublisherStatus previous = publisher.status();
            PublisherStatus status = PublisherStatus.of(publisher.reportedStatusProperty().get(),
                    publisher.reportedStatusTime(), publisher.lastHeartbeatProperty().get(), time, HEARTBEAT_TIMEOUT);
            double rate = 0;
            for (int qos : QOS_LEVELS) {
                ContinuityRow row = rowsByTopic.get(topics.telemetry(publisher.name(), Qos.of(qos)));
                double rowRate = rowRates.get(row).perSecond(ROW_RATE_WINDOW_SECONDS);
                row.setRate(rowRate);
                rate += rowRate;
            }
            publisher.refresh(time, rate);
            if (status != previous) {
                publisher.setStatus(status);
                onPublisherStatusChange(publisher, previous, status, time);
            }
            if (status != PublisherStatus.OFFLINE && !publisher.node().isEmpty()) {
                publishersOnNode.computeIfAbsent(publisher.node(), node -> new ArrayList<>()).add(publisher.name());
            }
        }
        for (NodeView view : nodes) {
            view.refreshAge(time);
            view.setPublishersHere(String.join(", ", publishersOnNode.getOrDefault(view.name(), List.of())));
        }
    }

    private void onPublisherStatusChange(PublisherView publisher, PublisherStatus previous, PublisherStatus status, Instant time) {
        String name = publisher.name();
        switch (status) {
            case ONLINE -> addTimeline(time, Kind.PUBLISHER_ONLINE, name, name + " online"
                    + (publisher.node().isEmpty() ? "" : " on " + publisher.node()));
            case OFFLINE -> addTimeline(time, Kind.PUBLISHER_OFFLINE, name, name + " offline");
            case SILENT -> addTimeline(time, Kind.PUBLISHER_SILENT, name, name + " silent: says online but sent no heartbeat for "
                    + HEARTBEAT_TIMEOUT.toSeconds() + " s");
            default -> throw new IllegalStateException("A publisher never returns to " + status + " from " + previous);
        }
    }

    private void addTimeline(Instant time, Kind kind, String subject, String text) {
        timeline.add(0, new TimelineEntry(time, kind, subject, text));
        if (timeline.size() > TIMELINE_CAPACITY) {
            timeline.remove(TIMELINE_CAPACITY, timeline.size());
        }
    }
}
