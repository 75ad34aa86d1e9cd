package io.mqttha.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands the inbox's events to the view-model in one batch about ten times a second, on the view-model's
 * thread: one {@code Platform.runLater} per batch, never one per message.
 *
 * <p>While a batch is still waiting for that thread, no second one is scheduled: events keep queueing and
 * the next batch takes them all, so a slow frame makes batches larger instead of piling up tasks.
 */
public final class IngestPump implements AutoCloseable {

    /** How often a batch is handed over. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private final DashboardInbox inbox;
    private final DashboardViewModel viewModel;
    private final Consumer<Runnable> modelThread;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean batchPending = new AtomicBoolean();

    /**
     * A pump that has not started.
     *
     * @param inbox       where events wait
     * @param viewModel   where they go
     * @param modelThread runs a task on the view-model's thread, for example {@code Platform::runLater}
     */
    public IngestPump(DashboardInbox inbox, DashboardViewModel viewModel, Consumer<Runnable> modelThread) {
        this.inbox = inbox;
        this.viewModel = viewModel;
        this.modelThread = modelThread;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-ingest");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts handing over batches every {@code interval}.
     *
     * @param interval the period
     */
    public void start(Duration interval) {
        timer.scheduleAtFixedRate(this::handOver, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands over one batch now unless one is still pending; also used by tests and the headless run. */
    public void handOver() {
        if (!batchPending.compareAndSet(false, true)) {
            return;
        }
        modelThread.accept(() -> {
            try {
                // The count is read before draining, so it never runs ahead of what this batch applies.
                long received = inbox.messagesOffered();
                List<DashboardEvent> batch = inbox.drain();
                viewModel.apply(batch, received);
            } finally {
                batchPending.set(false);
            }
        });
    }

    /** Stops the timer; queued events stay in the inbox. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
