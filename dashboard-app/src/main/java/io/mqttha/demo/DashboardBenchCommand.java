package io.mqttha.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.client.Qos;
import io.mqttha.dashboard.DashboardControls;
import io.mqttha.dashboard.DashboardEvent;
import io.mqttha.dashboard.DashboardInbox;
import io.mqttha.dashboard.DashboardTopology;
import io.mqttha.dashboard.DashboardView;
import io.mqttha.dashboard.DashboardViewModel;
import io.mqttha.dashboard.DashboardWindow;
import io.mqttha.dashboard.IngestPump;
import io.mqttha.publisher.PublisherTopics;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code dashboard-bench}: the dashboard window under a synthetic message load, without brokers, to measure
 * whether it stays responsive (frames per second, time to apply a batch) and exact (every message counted
 * once) at given rates, and which is the highest rate at which it is both.
 */
@Command(name = "dashboard-bench", mixinStandardHelpOptions = true,
        description = "Measure the dashboard window's frames per second and counter accuracy under synthetic message "
                + "rates, and report the highest rate that stays exact at 30 frames per second or more (needs a "
                + "display, e.g. xvfb-run).")
final class DashboardBenchCommand implements Callable<Integer> {

    /** How often the heap is sampled, in seconds. */
    private static final int HEAP_SAMPLE_SECONDS = 10;

    /** Seconds at the start of each step whose frame rate is not judged: the window's first layout and the JIT. */
    private static final int SETTLE_SECONDS = 2;

    @Option(names = "--rate", split = ",", paramLabel = "MSG/S",
            description = "Messages per second offered; several, comma-separated, are measured one after another, "
                    + "each in a fresh window (default: ${DEFAULT-VALUE}).")
    private List<Integer> rates = List.of(20_000);

    @Option(names = "--seconds", paramLabel = "SECONDS", description = "How long to measure each rate (default: ${DEFAULT-VALUE}).")
    private int seconds = 30;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    private Path jsonFile;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seconds <= SETTLE_SECONDS || rates.stream().anyMatch(rate -> rate <= 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be positive and --seconds more than "
                    + SETTLE_SECONDS + ", not " + rates + " and " + seconds + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        DashboardWindow.startToolkit();
        List<Step> steps = new ArrayList<>();
        for (int rate : rates) {
            out.printf("measuring %,d msg/s for %d s%n", rate, seconds);
            out.flush();
            steps.add(measure(rate, out));
        }
        OptionalInt highestPassing = steps.stream().filter(Step::passed).mapToInt(Step::rateOffered).max();
        DashboardWindow.stopToolkit();
        out.println();
        printTable(steps, out);
        out.println();
        out.println(highestPassing.isEmpty()
                ? "No rate measured stayed exact at " + (int) IngestVerdict.MIN_FRAMES_PER_SECOND + " frames per second or more."
                : String.format("Highest rate exact at %d frames per second or more: %,d msg/s", (int) IngestVerdict.MIN_FRAMES_PER_SECOND,
                        highestPassing.getAsInt()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "Dashboard ingest");
        json.put("minFramesPerSecond", IngestVerdict.MIN_FRAMES_PER_SECOND);
        json.put("secondsPerRate", seconds);
        json.put("highestPassingRate", highestPassing.isPresent() ? highestPassing.getAsInt() : null);
        json.put("steps", steps);
        String document = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        out.println();
        out.println(document);
        if (jsonFile != null) {
            Files.writeString(jsonFile, document);
        }
        out.flush();
        return highestPassing.isPresent() ? 0 : 1;
    }

    /** Measures one rate in a fresh window and view-model, prints its figures and returns them. */
    private Step measure(int rate, PrintWriter out) throws Exception {
        PublisherTopics topics = new PublisherTopics(PublisherTopics.DEFAULT_PREFIX);
        DashboardTopology topology = DashboardTopology.of(ClusterDescription.standard());
        DashboardInbox inbox = new DashboardInbox();
        DashboardViewModel model = new DashboardViewModel(topology, topics, Clock.systemUTC(),
                DashboardControls.unavailable("This is a benchmark without brokers."), inbox::offer);
        List<Long> applyNanos = Collections.synchronizedList(new ArrayList<>());
        List<Double> fps = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<ShownWindow> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            DashboardView view = new DashboardView(model);
            Stage stage = new Stage();
            stage.setTitle("mqtt-ha dashboard — ingest benchmark, " + rate + " msg/s");
            stage.setScene(new Scene(view.root(), DashboardWindow.WIDTH, DashboardWindow.HEIGHT));
            stage.show();
            shown.complete(new ShownWindow(view, stage));
        });
        ShownWindow window = shown.get();
        DashboardView view = window.view();
        List<String> streams = new ArrayList<>();
        for (String publisher : topology.publishers()) {
            for (Qos qos : Qos.values()) {
                streams.add(topics.telemetry(publisher, qos));
            }
        }
        Runtime runtime = Runtime.getRuntime();
        long heapBefore = heapAfterGc(runtime);
        List<Long> heapSamples = new ArrayList<>();
        AtomicLong offered = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            long start = System.nanoTime();
            long sent = 0;
            while (producing.get()) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                Instant now = Instant.now();
                for (; sent < due; sent++) {
                    String topic = streams.get((int) (sent % streams.size()));
                    inbox.offer(new DashboardEvent.MessageArrived(topic, "", topic.charAt(topic.length() - 1) - '0', false,
                            "127.0.0.1:18831", now, 3));
                }
                offered.set(sent);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-producer");
        try (IngestPump pump = new IngestPump(inbox, model, task -> Platform.runLater(() -> {
            long begin = System.nanoTime();
            task.run();
            applyNanos.add(System.nanoTime() - begin);
        }))) {
            producer.start();
            pump.start(IngestPump.DEFAULT_INTERVAL);
            for (int second = 1; second <= seconds; second++) {
                Thread.sleep(1000);
                fps.add(view.framesPerSecondProperty().get());
                if (second % HEAP_SAMPLE_SECONDS == 0) {
                    heapSamples.add(heapAfterGc(runtime) / 1024);
                }
            }
            producing.set(false);
            producer.join();
            Thread.sleep(500);
        }
        CompletableFuture<long[]> counts = new CompletableFuture<>();
        Platform.runLater(() -> {
            model.apply(inbox.drain(), inbox.messagesOffered());
            long rows = model.continuity().stream().mapToLong(row -> row.receivedProperty().get()).sum();
            counts.complete(new long[] {model.messagesAppliedProperty().get(), rows, model.batchesAppliedProperty().get()});
            window.stage().close();
        });
        long[] result = counts.get();
        List<Long> sorted = new ArrayList<>(applyNanos);
        Collections.sort(sorted);
        List<Double> steadyFps = fps.subList(Math.min(SETTLE_SECONDS, fps.size()), fps.size());
        double minFps = steadyFps.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double meanFps = steadyFps.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        long achieved = offered.get() / seconds;
        IngestVerdict verdict = IngestVerdict.judge(rate, achieved, offered.get(), result[0], result[1], minFps);
        out.printf("  rate offered            %,d msg/s for %d s (achieved %,d msg/s)%n", rate, seconds,
                achieved);
        out.printf("  messages offered        %,d%n", offered.get());
        out.printf("  messages applied        %,d (view-model), %,d (sum of the 21 continuity rows)%n", result[0], result[1]);
        out.printf("  exact                   %s%n", verdict.exact() ? "yes" : "NO");
        out.printf("  batches                 %,d (%.1f per second)%n", result[2], result[2] / (double) seconds);
        out.printf("  frames per second       min %.1f, mean %.1f (after the first %d s)%n", minFps, meanFps,
                SETTLE_SECONDS);
        out.printf("  batch apply time        p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", percentile(sorted, 0.5),
                percentile(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
        out.printf("  heap after GC           %,d KiB at the start, then every %d s (KiB): %s%n", heapBefore / 1024,
                HEAP_SAMPLE_SECONDS, heapSamples);
        out.printf("  verdict                 %s%n", verdict.describe());
        out.flush();
        return new Step(rate, achieved, offered.get(), result[0], result[1], verdict.exact(), result[2], minFps,
                meanFps, percentile(sorted, 0.5), percentile(sorted, 0.99), List.copyOf(heapSamples),
                verdict.passed(), verdict.failures());
    }

    /** One line per rate: the figures that decide its verdict. */
    private static void printTable(List<Step> steps, PrintWriter out) {
        String format = "| %12s | %12s | %13s | %5s | %16s | %14s | %-7s |%n";
        out.printf(format, "rate offered", "achieved", "messages", "exact", "frames/s min/avg", "apply p99 (ms)",
                "verdict");
        out.printf(format, "-".repeat(12), "-".repeat(12), "-".repeat(13), "-".repeat(5), "-".repeat(16),
                "-".repeat(14), "-".repeat(7));
        for (Step step : steps) {
            out.printf(format, String.format("%,d", step.rateOffered()), String.format("%,d", step.rateAchieved()),
                    String.format("%,d", step.messagesOffered()), step.exact() ? "yes" : "NO",
                    String.format("%.1f / %.1f", step.framesPerSecondMin(), step.framesPerSecondMean()),
                    String.format("%.2f", step.batchApplyMillisP99()), step.passed() ? "passed" : "FAILED");
        }
    }

    /** The window of one step, as the JavaFX thread built it. */
    private record ShownWindow(DashboardView view, Stage stage) {
    }

    /** The figures of one rate, as printed and written to the JSON. */
    record Step(int rateOffered, long rateAchieved, long messagesOffered, long messagesApplied,
            long messagesInContinuityRows, boolean exact, long batches, double framesPerSecondMin,
            double framesPerSecondMean, double batchApplyMillisP50, double batchApplyMillisP99,
            List<Long> heapAfterGcKiB, boolean passed, List<String> failures) {
    }

    /** Heap in use after a full collection: what the dashboard really retains, not garbage awaiting collection. */
    private static long heapAfterGc(Runtime runtime) {
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double percentile(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
    }
}
