package io.mqttha.bench;

import java.nio.charset.StandardCharsets;
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
    /** Sequence numbers whose publish a broker acknowledged. */
    private final Map<Long, Boolean> acknowledged = new ConcurrentHashMap<>();

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
        return sent.thenRun(() -> acknowledged.put(sequence, Boolean.TRUE));
    }

    /** Records a message the application received. */
    final void received(byte[] payload) {
        long sequence = Long.parseLong(new String(payload, StandardCharsets.US_ASCII));
        received.computeIfAbsent(sequence, s -> new AtomicInteger()).incrementAndGet();
    }

    /** Acknowledged publishes that never reached the application. */
    final long lost() {
        return acknowledged.keySet().stream().filter(s -> !received.containsKey(s)).count();
    }

    /** Extra copies the application received. */
    final long duplicated() {
        return received.values().stream().mapToLong(count -> Math.max(0, count.get() - 1)).sum();
    }

    static byte[] payload(long sequence) {
        return Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
    }
}
