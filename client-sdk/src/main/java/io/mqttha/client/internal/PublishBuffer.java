package io.mqttha.client.internal;

import io.mqttha.client.OfflineBufferLimits;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every publish not yet completed, in the order it was published, within {@link OfflineBufferLimits}.
 * Not thread-safe: guarded by the client's lock.
 *
 * <p>The publishes are chained through their own fields (all of them, and the QoS 0 ones apart, so that
 * eviction does not scan the QoS 1/2 ones): adding and removing, once per publish and once per
 * acknowledgement, neither hashes nor allocates, which a hash set did on the publishing path.
 */
final class PublishBuffer {

    private final OfflineBufferLimits limits;
    private PendingPublish first;
    private PendingPublish last;
    private PendingPublish firstQos0;
    private PendingPublish lastQos0;
    private int size;
    private long bytes;
    private final Collection<PendingPublish> view = new AbstractCollection<>() {
        @Override
        public Iterator<PendingPublish> iterator() {
            return new Iterator<>() {
                private PendingPublish next = first;

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public PendingPublish next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    PendingPublish current = next;
                    next = current.next;
                    return current;
                }
            };
        }

        @Override
        public int size() {
            return size;
        }
    };

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
        for (PendingPublish candidate = firstQos0; candidate != null; candidate = candidate.nextQos0) {
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
        return new Admission(false, List.of(), "offline buffer full: " + size + "/" + limits.maxMessages()
                + " messages, " + bytes + "/" + limits.maxBytes() + " bytes held; a message of " + publish.size
                + " bytes does not fit");
    }

    void remove(PendingPublish publish) {
        if (!publish.buffered) {
            return;
        }
        publish.buffered = false;
        size--;
        bytes -= publish.size;
        if (publish.prev == null) {
            first = publish.next;
        } else {
            publish.prev.next = publish.next;
        }
        if (publish.next == null) {
            last = publish.prev;
        } else {
            publish.next.prev = publish.prev;
        }
        publish.prev = null;
        publish.next = null;
        if (publish.isQos0()) {
            if (publish.prevQos0 == null) {
                firstQos0 = publish.nextQos0;
            } else {
                publish.prevQos0.nextQos0 = publish.nextQos0;
            }
            if (publish.nextQos0 == null) {
                lastQos0 = publish.prevQos0;
            } else {
                publish.nextQos0.prevQos0 = publish.prevQos0;
            }
            publish.prevQos0 = null;
            publish.nextQos0 = null;
        }
    }

    /** Live view in publish order; callers must not modify the buffer while iterating. */
    Collection<PendingPublish> inOrder() {
        return view;
    }

    /** Removes and returns everything. */
    List<PendingPublish> drain() {
        List<PendingPublish> all = new ArrayList<>(view);
        all.forEach(this::remove);
        return all;
    }

    int countSentOn(BrokerConnection connection) {
        int count = 0;
        for (PendingPublish p = first; p != null; p = p.next) {
            if (p.sentOn == connection) {
                count++;
            }
        }
        return count;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    private boolean fits(PendingPublish publish, int freedMessages, long freedBytes) {
        return size - freedMessages + 1 <= limits.maxMessages()
                && bytes - freedBytes + publish.size <= limits.maxBytes();
    }

    private void add(PendingPublish publish) {
        if (publish.buffered) {
            throw new IllegalStateException("publish already buffered");
        }
        publish.buffered = true;
        size++;
        bytes += publish.size;
        publish.prev = last;
        if (last == null) {
            first = publish;
        } else {
            last.next = publish;
        }
        last = publish;
        if (publish.isQos0()) {
            publish.prevQos0 = lastQos0;
            if (lastQos0 == null) {
                firstQos0 = publish;
            } else {
                lastQos0.nextQos0 = publish;
            }
            lastQos0 = publish;
        }
    }
}
