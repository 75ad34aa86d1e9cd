package io.mqttha.client.internal;

import io.mqttha.client.OfflineBufferLimits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Every publish not yet completed, in the order it was published, within {@link OfflineBufferLimits}.
 * Not thread-safe: guarded by the client's lock.
 */
final class PublishBuffer {

    private final OfflineBufferLimits limits;
    private final LinkedHashSet<PendingPublish> pending = new LinkedHashSet<>();
    /** QoS 0 entries in publish order, so that eviction does not scan the QoS 1/2 ones. */
    private final ArrayDeque<PendingPublish> qos0 = new ArrayDeque<>();
    private long bytes;

    PublishBuffer(OfflineBufferLimits limits) {
        this.limits = limits;
    }

    /** What {@link #admit} did. */
    record Admission(boolean accepted, List<PendingPublish> evicted, String refusal) {
    }

    /**
     * Adds a publish, evicting the oldest waiting QoS 0 messages if that makes it fit. Nothing is evicted
     * when even that would not make room.
     *
     * @return accepted with the evicted messages, or not accepted with the reason
     */
    Admission admit(PendingPublish publish) {
        if (fits(publish, 0, 0)) {
            add(publish);
            return new Admission(true, List.of(), null);
        }
        List<PendingPublish> victims = new ArrayList<>();
        int freedMessages = 0;
        long freedBytes = 0;
        for (PendingPublish candidate : qos0) {
            if (candidate.done || candidate.sentOn != null) {
                continue;
            }
            victims.add(candidate);
            freedMessages++;
            freedBytes += candidate.size;
            if (fits(publish, freedMessages, freedBytes)) {
                victims.forEach(this::remove);
                add(publish);
                return new Admission(true, victims, null);
            }
        }
        return new Admission(false, List.of(), "offline buffer full: " + pending.size() + "/" + limits.maxMessages()
                + " messages, " + bytes + "/" + limits.maxBytes() + " bytes held; a message of " + publish.size
                + " bytes does not fit");
    }

    void remove(PendingPublish publish) {
        if (pending.remove(publish)) {
            bytes -= publish.size;
            if (publish.isQos0()) {
                qos0.remove(publish);
            }
        }
    }

    /** Live view in publish order; callers must not modify the buffer while iterating. */
    Collection<PendingPublish> inOrder() {
        return Collections.unmodifiableSet(pending);
    }

    /** Removes and returns everything. */
    List<PendingPublish> drain() {
        List<PendingPublish> all = new ArrayList<>(pending);
        pending.clear();
        qos0.clear();
        bytes = 0;
        return all;
    }

    int countSentOn(BrokerConnection connection) {
        int count = 0;
        for (Iterator<PendingPublish> it = pending.iterator(); it.hasNext(); ) {
            if (it.next().sentOn == connection) {
                count++;
            }
        }
        return count;
    }

    int size() {
        return pending.size();
    }

    long bytes() {
        return bytes;
    }

    private boolean fits(PendingPublish publish, int freedMessages, long freedBytes) {
        return pending.size() - freedMessages + 1 <= limits.maxMessages()
                && bytes - freedBytes + publish.size <= limits.maxBytes();
    }

    private void add(PendingPublish publish) {
        pending.add(publish);
        bytes += publish.size;
        if (publish.isQos0()) {
            qos0.add(publish);
        }
    }
}
