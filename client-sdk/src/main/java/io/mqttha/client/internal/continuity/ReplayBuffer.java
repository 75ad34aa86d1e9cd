package io.mqttha.client.internal.continuity;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.internal.continuity.SequenceNumbers;
import io.mqttha.client.internal.continuity.SequenceRange;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The messages an origin sent recently, kept so that subscribers can ask for gaps to be re-sent. Bounded by a
 * number of messages over all streams and by age; the oldest go first either way. Thread-safe.
 */
public final class ReplayBuffer {

    /**
     * What the buffer can do for one request.
     *
     * @param messages    the messages still held, in sequence order, exactly as first sent
     * @param unavailable the requested sequence numbers no longer (or never) held, as runs in order
     */
    public record Answer(List<OutboundMessage> messages, List<SequenceRange> unavailable) {

        /** Copies the lists. */
        public Answer {
            messages = List.copyOf(messages);
            unavailable = List.copyOf(unavailable);
        }
    }

    private record Entry(String topic, long sequence, OutboundMessage message, long storedAt) {
    }

    private final int maxMessages;
    private final long maxAgeMillis;
    private final Clock clock;
    private final ArrayDeque<Entry> byAge = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Entry>> byTopic = new HashMap<>();

    /**
     * Creates an empty buffer.
     *
     * @param maxMessages the most messages held, over all streams; zero disables re-sending
     * @param maxAge      how long a message is held
     * @param clock       the clock that ages messages
     */
    public ReplayBuffer(int maxMessages, Duration maxAge, Clock clock) {
        if (maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages must not be negative: " + maxMessages);
        }
        this.maxMessages = maxMessages;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Keeps a sent message.
     *
     * @param topic    its topic
     * @param sequence its sequence number in the topic's stream
     * @param message  the message as sent, continuity properties included
     */
    public synchronized void add(String topic, long sequence, OutboundMessage message) {
        long now = clock.millis();
        Entry entry = new Entry(topic, sequence, message, now);
        byAge.addLast(entry);
        byTopic.computeIfAbsent(topic, t -> new ArrayDeque<>()).addLast(entry);
        evict(now);
    }

    /**
     * Looks up a run of one stream's messages.
     *
     * @param topic the stream's topic
     * @param range the sequence numbers asked for
     * @return the messages held and the runs that are not
     */
    public synchronized Answer find(String topic, SequenceRange range) {
        evict(clock.millis());
        List<Entry> found = new ArrayList<>();
        for (Entry entry : byTopic.getOrDefault(topic, new ArrayDeque<>())) {
            if (range.contains(entry.sequence())) {
                found.add(entry);
            }
        }
        found.sort(Comparator.comparingLong(entry -> offset(range, entry.sequence())));
        List<OutboundMessage> messages = new ArrayList<>(found.size());
        List<SequenceRange> unavailable = new ArrayList<>();
        long expected = 0;
        for (Entry entry : found) {
            long offset = offset(range, entry.sequence());
            if (offset > expected) {
                unavailable.add(new SequenceRange(SequenceNumbers.add(range.first(), expected), offset - expected));
            }
            messages.add(entry.message());
            expected = offset + 1;
        }
        if (expected < range.count()) {
            unavailable.add(new SequenceRange(SequenceNumbers.add(range.first(), expected), range.count() - expected));
        }
        return new Answer(messages, unavailable);
    }

    /**
     * Returns how many messages are held.
     *
     * @return the number of messages
     */
    public synchronized int size() {
        return byAge.size();
    }

    private static long offset(SequenceRange range, long sequence) {
        return (sequence - range.first()) & SequenceNumbers.MAX;
    }

    private void evict(long now) {
        while (!byAge.isEmpty() && (byAge.size() > maxMessages || byAge.peekFirst().storedAt() + maxAgeMillis <= now)) {
            Entry oldest = byAge.pollFirst();
            ArrayDeque<Entry> topicEntries = byTopic.get(oldest.topic());
            // Both queues are appended under the same lock, so the oldest overall is the oldest of its topic.
            topicEntries.pollFirst();
            if (topicEntries.isEmpty()) {
                byTopic.remove(oldest.topic());
            }
        }
    }
}
