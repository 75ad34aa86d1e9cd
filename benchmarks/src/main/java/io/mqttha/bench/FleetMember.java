package io.mqttha.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client of a fleet: subscribed to a topic of its own and publishing numbered QoS 1 messages there, so
 * that what the application receives can be checked against what the brokers acknowledged.
 */
abstract class FleetMember implements AutoCloseable {

    final String clientId;
    final String topic;
    /** How often each sequence number reached the application. */
    private final Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();
    /** When ({@link System#nanoTime()}) a broker acknowledged each sequence number's publish. */
    private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();

    FleetMember(String clientId) {
        this.clientId = clientId;
        this.topic = "mqtt-ha/bench/fleet/" + clientId;
    }

    /** Connects and subscribes to {@link #topic}; completes once both are done. */
    abstract CompletableFuture<?> start();

    /** The address ({@code host:port}) of the node the client is on, if it is connected. */
    abstract Optional<String> node();

    /** Publishes {@code sequence} at QoS 1 on {@link #topic}; completes on the broker's acknowledgement. */
    abstract CompletableFuture<?> send(long sequence);

    @Override
    public abstract void close();

    /** Publishes and records the acknowledgement. */
    final CompletableFuture<?> publish(long sequence) {
        CompletableFuture<?> sent;
        try {
            sent = send(sequence);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return sent.thenRun(() -> acknowledged.put(sequence, System.nanoTime()));
    }

    /** Records a message the application received. */
    final void received(byte[] payload) {
        long sequence = Long.parseLong(new String(payload, StandardCharsets.US_ASCII));
        received.computeIfAbsent(sequence, s -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Publishes acknowledged at least {@code grace} ago that have not reached the application: younger ones
     * may still be on their way, since the fleet keeps publishing while it is counted.
     */
    final long lost(Duration grace) {
        long acknowledgedBefore = System.nanoTime() - grace.toNanos();
        return acknowledged.entrySet().stream()
                .filter(e -> e.getValue() - acknowledgedBefore <= 0 && !received.containsKey(e.getKey())).count();
    }

    /** Extra copies the application received. */
    final long duplicated() {
        return received.values().stream().mapToLong(count -> Math.max(0, count.get() - 1)).sum();
    }

    static byte[] payload(long sequence) {
        return Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
    }
}
