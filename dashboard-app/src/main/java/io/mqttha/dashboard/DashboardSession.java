package io.mqttha.dashboard;

import io.mqttha.publisher.PublisherTopics;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * One running dashboard without its window: the view-model, the inbox that feeds it, the network feed
 * and the pump that hands batches over. The window and the headless run both sit on one.
 */
public final class DashboardSession implements AutoCloseable {

    private final DashboardInbox inbox = new DashboardInbox();
    private final DashboardViewModel viewModel;
    private final DashboardFeed feed;
    private final IngestPump pump;

    /**
     * A session that has not started.
     *
     * @param topology    the nodes and publishers to show
     * @param bridges     how to find an edge's relay
     * @param controls    what the control buttons act on
     * @param clock       the time source
     * @param modelThread runs a task on the view-model's thread ({@code Platform::runLater} with a window)
     */
    public DashboardSession(DashboardTopology topology, BridgeLookup bridges, DashboardControls controls, Clock clock,
            Consumer<Runnable> modelThread) {
        PublisherTopics topics = new PublisherTopics(PublisherTopics.DEFAULT_PREFIX);
        viewModel = new DashboardViewModel(topology, topics, clock, controls, inbox::offer);
        feed = new DashboardFeed(topology, topics, inbox, clock, bridges);
        pump = new IngestPump(inbox, viewModel, modelThread);
    }

    /**
     * The view-model; touch it only on the model thread.
     *
     * @return the view-model
     */
    public DashboardViewModel viewModel() {
        return viewModel;
    }

    /**
     * The inbox, where the feed leaves events.
     *
     * @return the inbox
     */
    public DashboardInbox inbox() {
        return inbox;
    }

    /** Connects and starts handing batches to the view-model about ten times a second. */
    public void start() {
        feed.start();
        pump.start(IngestPump.DEFAULT_INTERVAL);
    }

    /**
     * Stops handing over batches, records the final continuity counters and closes the connection; events
     * still queued stay in the inbox for {@link #applyRemaining()}.
     */
    public void stopIngest() {
        pump.close();
        feed.close();
    }

    /** Applies every event still queued; call it on the model thread, after {@link #stopIngest()} for final counts. */
    public void applyRemaining() {
        long received = inbox.messagesOffered();
        viewModel.apply(inbox.drain(), received);
    }

    /** Stops the pump and closes the connection. */
    @Override
    public void close() {
        stopIngest();
    }
}
