package io.mqttha.client.internal;

import io.mqttha.client.HaMqttClient;
import io.mqttha.client.OutboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Re-publishes an origin's newest retained values where a broker holds older ones, at a bounded pace. A
 * rejoining edge re-sends every stale copy it holds, and they are seen more than once (by the main and the
 * standby connection, through each path of the bridges): a topic waits in the queue once however often it is
 * reported, and at most {@link #MAX_OUTSTANDING} re-publishes are under way at a time, so that ten thousand
 * stale topics neither fill the offline buffer nor queue ten thousand duplicates. A stale copy reported while
 * its topic's re-publish is under way may have reached its broker after that re-publish did, so the topic is
 * re-published once more when the first one ends.
 */
final class RetainedRepublisher {

    private static final Logger LOG = LoggerFactory.getLogger(RetainedRepublisher.class);

    /** Re-publishes under way at once: well within the default offline buffer, enough to keep a link busy. */
    static final int MAX_OUTSTANDING = 1_000;

    private final HaMqttClient delegate;
    private final Function<String, Optional<OutboundMessage>> newest;
    private final int maxOutstanding;
    private final Deque<String> waiting = new ArrayDeque<>();
    /** Topics waiting to be re-published. */
    private final Set<String> queued = new HashSet<>();
    /** Topics being re-published, and those of them reported stale again meanwhile. */
    private final Set<String> underWay = new HashSet<>();
    private final Set<String> againAfter = new HashSet<>();
    private int outstanding;

    /**
     * @param delegate where to publish
     * @param newest   the origin's newest value of a topic at the moment it is sent, which may be newer than
     *                 when its re-publish was asked for; empty once the topic is no longer this origin's
     */
    RetainedRepublisher(HaMqttClient delegate, Function<String, Optional<OutboundMessage>> newest) {
        this.delegate = delegate;
        this.newest = newest;
        this.maxOutstanding = Math.max(1, Math.min(MAX_OUTSTANDING, delegate.config().offlineBuffer().maxMessages() / 2));
    }

    /** Re-publishes the newest value of {@code topic}, once however often it is asked for while it waits. */
    synchronized void republish(String topic) {
        if (underWay.contains(topic)) {
            againAfter.add(topic);
        } else if (queued.add(topic)) {
            waiting.add(topic);
            drain();
        }
    }

    private void drain() {
        while (outstanding < maxOutstanding && !waiting.isEmpty()) {
            String topic = waiting.poll();
            queued.remove(topic);
            Optional<OutboundMessage> value = newest.apply(topic);
            if (value.isEmpty()) {
                continue;
            }
            underWay.add(topic);
            outstanding++;
            try {
                delegate.publish(value.get()).whenComplete((result, failure) -> {
                    if (failure != null) {
                        LOG.debug("Re-publishing the newest value of {} failed: {}", topic, failure.toString());
                    }
                    done(topic);
                });
            } catch (RuntimeException refused) {
                LOG.debug("Re-publishing the newest value of {} was refused: {}", topic, refused.toString());
                done(topic);
            }
        }
    }

    private synchronized void done(String topic) {
        outstanding--;
        underWay.remove(topic);
        if (againAfter.remove(topic)) {
            republish(topic);
        }
        drain();
    }
}
