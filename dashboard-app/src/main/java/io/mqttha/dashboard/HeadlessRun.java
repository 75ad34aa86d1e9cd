package io.mqttha.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.continuity.StreamStats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard without a window: the same session and view-model for a fixed time, a chaos schedule
 * carried out through the same commands as the buttons, and a JSON report of node states over time, the
 * publishers and the continuity counters.
 */
public final class HeadlessRun {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DashboardTopology topology;
    private final BridgeLookup bridges;
    private final DashboardControls controls;
    private final List<ChaosStep> chaos;
    private final Duration duration;
    private final String mode;
    private final Clock clock;
    private final PrintWriter out;
    private final ExecutorService modelThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dashboard-model");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A run that has not started.
     *
     * @param topology the nodes and publishers
     * @param bridges  how to find an edge's relay
     * @param controls what chaos steps act on
     * @param chaos    the schedule, possibly empty
     * @param duration how long to run
     * @param mode     a sentence for the report saying which cluster this is
     * @param clock    the time source
     * @param out      where progress is printed
     */
    public HeadlessRun(DashboardTopology topology, BridgeLookup bridges, DashboardControls controls, List<ChaosStep> chaos,
            Duration duration, String mode, Clock clock, PrintWriter out) {
        this.topology = topology;
        this.bridges = bridges;
        this.controls = controls;
        this.chaos = List.copyOf(chaos);
        this.duration = duration;
        this.mode = mode;
        this.clock = clock;
        this.out = out;
    }

    /**
     * Runs for the duration, carrying out the chaos schedule, and returns the report.
     *
     * @return the report
     * @throws InterruptedException when interrupted, for example by Ctrl-C
     */
    public Report run() throws InterruptedException {
        Instant start = clock.instant();
        Map<String, List<Transition>> nodeTransitions = new LinkedHashMap<>();
        Map<String, List<Transition>> publisherTransitions = new LinkedHashMap<>();
        try (DashboardSession session = new DashboardSession(topology, bridges, controls, clock, modelThread::execute)) {
            DashboardViewModel model = session.viewModel();
            onModelThread(() -> {
                for (NodeView node : model.nodes()) {
                    List<Transition> transitions = new ArrayList<>();
                    nodeTransitions.put(node.name(), transitions);
                    node.statusProperty().addListener((property, before, after) -> transitions.add(
                            new Transition(secondsSince(start), after.label())));
                }
                for (PublisherView publisher : model.publishers()) {
                    List<Transition> transitions = new ArrayList<>();
                    publisherTransitions.put(publisher.name(), transitions);
                    publisher.statusProperty().addListener((property, before, after) -> transitions.add(
                            new Transition(secondsSince(start), after.label())));
                }
                return null;
            });
            session.start();
            out.printf("Headless dashboard running for %d s%s ...%n", duration.toSeconds(),
                    chaos.isEmpty() ? "" : " with chaos: " + chaos);
            out.flush();
            for (ChaosStep step : chaos) {
                sleepUntil(start.plus(step.at()));
                out.printf("  %5.1f s  %s %s%n", secondsSince(start), step.action().label(), step.target());
                out.flush();
                onModelThread(() -> {
                    if (topology.hasNode(step.target())) {
                        model.controlNode(step.action(), step.target());
                    } else {
                        model.controlPublisher(step.action(), step.target());
                    }
                    return null;
                });
            }
            sleepUntil(start.plus(duration));
            // Stop the network first, so the last batch takes every message received and the ingest counts
            // in the report are final.
            session.stopIngest();
            Report report = onModelThread(() -> {
                session.applyRemaining();
                return report(model, start, nodeTransitions, publisherTransitions);
            });
            out.printf("Done after %.1f s: %s%n", secondsSince(start), report.summary());
            out.flush();
            return report;
        } finally {
            modelThread.shutdownNow();
        }
    }

    /**
     * Writes a report as indented JSON.
     *
     * @param report the report
     * @param file   where
     * @throws IOException when it cannot be written
     */
    public static void write(Report report, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        JSON.writeValue(absolute.toFile(), report);
    }

    private <T> T onModelThread(Callable<T> task) throws InterruptedException {
        try {
            return modelThread.submit(task).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("The headless dashboard failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void sleepUntil(Instant time) throws InterruptedException {
        long millis = Duration.between(clock.instant(), time).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private double secondsSince(Instant start) {
        return Math.round(Duration.between(start, clock.instant()).toMillis() / 100.0) / 10.0;
    }

    private Report report(DashboardViewModel model, Instant start, Map<String, List<Transition>> nodeTransitions,
            Map<String, List<Transition>> publisherTransitions) {
        List<NodeReport> nodes = new ArrayList<>();
        for (NodeView node : model.nodes()) {
            nodes.add(new NodeReport(node.name(), node.info().relay() ? "relay" : "edge", node.info().address(),
                    node.status().label(), nodeTransitions.get(node.name()), node.bridgedToProperty().get()));
        }
        List<PublisherReport> publishers = new ArrayList<>();
        for (PublisherView publisher : model.publishers()) {
            List<Integer> qosLevels = publisher.qosLevelsProperty().get().isEmpty() ? List.of()
                    : java.util.Arrays.stream(publisher.qosLevelsProperty().get().split(" ")).map(Integer::valueOf).toList();
            publishers.add(new PublisherReport(publisher.name(), publisher.status().label(), publisher.node(), qosLevels,
                    publisher.receivedProperty().get(), publisher.sentProperty().get(), publisher.failoversProperty().get(),
                    publisherTransitions.get(publisher.name())));
        }
        ContinuitySnapshot snapshot = model.latestContinuityProperty().get();
        List<QosReport> byQos = new ArrayList<>();
        for (int qos : DashboardViewModel.QOS_LEVELS) {
            List<ContinuityRow> rows = model.continuity().stream().filter(row -> row.qos() == qos).toList();
            byQos.add(new QosReport(qos, sum(rows, row -> row.receivedProperty().get()),
                    sum(rows, row -> row.deliveredProperty().get()), sum(rows, row -> row.lostProperty().get()),
                    sum(rows, row -> row.duplicatesProperty().get()), sum(rows, row -> row.reorderedProperty().get()),
                    sum(rows, row -> row.repairedProperty().get()),
                    rows.stream().mapToLong(row -> row.latencyP50MillisProperty().get()).max().orElse(-1),
                    rows.stream().mapToLong(row -> row.latencyP99MillisProperty().get()).max().orElse(-1)));
        }
        List<StreamStats> streams = snapshot == null ? List.of() : snapshot.streams();
        ContinuityReport continuity = new ContinuityReport(snapshot != null && !snapshot.streams().isEmpty(), byQos,
                streams.stream().map(StreamReport::of).toList());
        List<TimelineReport> timeline = new ArrayList<>();
        for (int i = model.timeline().size() - 1; i >= 0; i--) {
            TimelineEntry entry = model.timeline().get(i);
            timeline.add(new TimelineReport(Math.round(Duration.between(start, entry.time()).toMillis() / 100.0) / 10.0,
                    entry.kind().name().toLowerCase(java.util.Locale.ROOT), entry.subject(), entry.text()));
        }
        return new Report(mode, start.toString(), duration.toSeconds(), chaos.stream().map(ChaosStep::toString).toList(),
                nodes, publishers, continuity, new IngestReport(model.messagesReceivedProperty().get(),
                model.messagesAppliedProperty().get(), model.batchesAppliedProperty().get()), timeline);
    }

    /** Sums a counter whose -1 means unknown; unknown when every row is unknown. */
    private static long sum(List<ContinuityRow> rows, java.util.function.ToLongFunction<ContinuityRow> counter) {
        boolean known = rows.stream().anyMatch(row -> counter.applyAsLong(row) >= 0);
        return known ? rows.stream().mapToLong(counter).filter(value -> value >= 0).sum() : -1;
    }

    /**
     * A state change.
     *
     * @param atSeconds seconds after the start
     * @param state     the new state
     */
    public record Transition(double atSeconds, String state) {
    }

    /**
     * One node over the run.
     *
     * @param name        the node
     * @param role        {@code edge} or {@code relay}
     * @param address     {@code host:port}
     * @param finalState  the state at the end
     * @param transitions every state change, the first one from {@code unknown}
     * @param bridgedTo   the relay an edge was bridged to at the end, empty when unknown
     */
    public record NodeReport(String name, String role, String address, String finalState, List<Transition> transitions,
            String bridgedTo) {
    }

    /**
     * One publisher over the run.
     *
     * @param name        the publisher
     * @param finalStatus its status at the end
     * @param node        the node it was on at the end
     * @param qosLevels   the QoS levels of its streams
     * @param received    telemetry messages the dashboard received from it
     * @param sent        telemetry messages it said it sent, in its last heartbeat (-1 without one)
     * @param failovers   its own failovers, from its last heartbeat
     * @param transitions every status change
     */
    public record PublisherReport(String name, String finalStatus, String node, List<Integer> qosLevels, long received,
            long sent, long failovers, List<Transition> transitions) {
    }

    /**
     * Continuity of one QoS level over every publisher; -1 where the SDK gave no counters.
     *
     * @param qos               the level
     * @param received          messages counted by the dashboard's view-model
     * @param delivered         messages the SDK delivered
     * @param lost              messages missing at the end
     * @param duplicates        duplicates (dropped before the dashboard)
     * @param reordered         messages that filled a gap unasked
     * @param repaired          messages that filled a gap after a repair request
     * @param worstLatencyP50Millis the highest median latency of any stream
     * @param worstLatencyP99Millis the highest 99th percentile latency of any stream
     */
    public record QosReport(int qos, long received, long delivered, long lost, long duplicates, long reordered,
            long repaired, long worstLatencyP50Millis, long worstLatencyP99Millis) {
    }

    /**
     * One stream's counters as the SDK reported them.
     *
     * @param origin     the publisher
     * @param topic      the topic
     * @param delivered  delivered
     * @param lost       lost
     * @param duplicates duplicates
     * @param reordered  reordered
     * @param repaired   repaired
     * @param restarts   publisher restarts seen
     * @param latencyP50Millis median latency
     * @param latencyP99Millis 99th percentile latency
     */
    public record StreamReport(String origin, String topic, long delivered, long lost, long duplicates, long reordered,
            long repaired, long restarts, long latencyP50Millis, long latencyP99Millis) {
        static StreamReport of(StreamStats stats) {
            return new StreamReport(stats.stream().origin(), stats.stream().topic(), stats.delivered(), stats.lost(),
                    stats.duplicates(), stats.reordered(), stats.repaired(), stats.restarts(), stats.latencyP50Millis(),
                    stats.latencyP99Millis());
        }
    }

    /**
     * The continuity part of the report.
     *
     * @param available whether the SDK reported continuity counters for any stream
     * @param byQos     totals per QoS level
     * @param streams   every stream the SDK tracked
     */
    public record ContinuityReport(boolean available, List<QosReport> byQos, List<StreamReport> streams) {
    }

    /**
     * The dashboard's own ingest: equal counts show it lost nothing between its subscription and its view.
     *
     * @param messagesReceived messages its subscription received by the last batch
     * @param messagesApplied  messages applied to the view-model
     * @param batches          batches applied
     */
    public record IngestReport(long messagesReceived, long messagesApplied, long batches) {
    }

    /**
     * One timeline entry.
     *
     * @param atSeconds seconds after the start
     * @param kind      the kind, for example {@code node_down}
     * @param subject   the node or publisher
     * @param text      the sentence shown in the window
     */
    public record TimelineReport(double atSeconds, String kind, String subject, String text) {
    }

    /**
     * The whole report.
     *
     * @param mode            which cluster was watched
     * @param startedAt       when the run started
     * @param durationSeconds how long it ran
     * @param chaos           the chaos steps
     * @param nodes           every node
     * @param publishers      every publisher
     * @param continuity      continuity counters
     * @param ingest          the dashboard's own ingest counters
     * @param timeline        the timeline, oldest first
     */
    public record Report(String mode, String startedAt, long durationSeconds, List<String> chaos, List<NodeReport> nodes,
            List<PublisherReport> publishers, ContinuityReport continuity, IngestReport ingest,
            List<TimelineReport> timeline) {

        /**
         * One line for the console.
         *
         * @return node states, publishers online and lost messages per QoS
         */
        public String summary() {
            long up = nodes.stream().filter(node -> node.finalState().equals("up")).count();
            long online = publishers.stream().filter(p -> p.finalStatus().equals("online")).count();
            StringBuilder text = new StringBuilder(up + "/" + nodes.size() + " nodes up, " + online + "/"
                    + publishers.size() + " publishers online");
            if (!continuity.available()) {
                text.append(", no continuity counters from the SDK");
            } else {
                for (QosReport qos : continuity.byQos()) {
                    text.append(", QoS ").append(qos.qos()).append(" lost ").append(qos.lost());
                }
            }
            return text.append(", dashboard ingest ").append(ingest.messagesApplied()).append('/')
                    .append(ingest.messagesReceived()).toString();
        }
    }
}
