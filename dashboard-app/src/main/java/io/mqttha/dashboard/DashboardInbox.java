package io.mqttha.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where background threads (the MQTT consumer, the probes, finished commands) leave events for the
 * view-model: a lock-free queue, so a burst of 20,000 messages a second never waits for the window.
 */
public final class DashboardInbox {

    private final ConcurrentLinkedQueue<DashboardEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong messagesOffered = new AtomicLong();

    /**
     * Queues an event; callable from any thread.
     *
     * @param event the event
     */
    public void offer(DashboardEvent event) {
        if (event instanceof DashboardEvent.MessageArrived) {
            messagesOffered.incrementAndGet();
        }
        queue.add(event);
    }

    /**
     * Takes every queued event, oldest first.
     *
     * @return the events, possibly none
     */
    public List<DashboardEvent> drain() {
        List<DashboardEvent> batch = new ArrayList<>();
        DashboardEvent event;
        while ((event = queue.poll()) != null) {
            batch.add(event);
        }
        return batch;
    }

    /**
     * Messages queued so far, counted as they arrived.
     *
     * @return the count
     */
    public long messagesOffered() {
        return messagesOffered.get();
    }
}
