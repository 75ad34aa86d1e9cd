package io.mqttha.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A numbered stream of publishes from one client to another, recording what was acknowledged and what
 * arrived, so that tests can check that nothing was lost.
 */
final class MessageStream {

    final String topic;
    final Qos qos;
    final int count;
    final List<CompletableFuture<PublishResult>> futures = new CopyOnWriteArrayList<>();
    final Set<Integer> received = ConcurrentHashMap.newKeySet();
    final Map<Integer, Long> ackNanos = new ConcurrentHashMap<>();
    final Map<Integer, BrokerAddress> ackNode = new ConcurrentHashMap<>();

    MessageStream(String topic, Qos qos, int count) {
        this.topic = topic;
        this.qos = qos;
        this.count = count;
    }

    void onMessage(InboundMessage message) {
        received.add(Integer.parseInt(message.payloadAsString()));
    }

    /** Publishes message {@code seq}. */
    void publish(HaMqttClient publisher, int seq) {
        CompletableFuture<PublishResult> future = publisher.publish(topic,
                Integer.toString(seq).getBytes(StandardCharsets.UTF_8), qos, false);
        future.thenAccept(result -> {
            ackNanos.put(seq, System.nanoTime());
            ackNode.put(seq, result.node());
        });
        futures.add(future);
    }

    /** Publishes every message, pausing between them, and runs {@code action} after message {@code at}. */
    void run(HaMqttClient publisher, long pauseMillis, int at, Runnable action) throws InterruptedException {
        for (int seq = 0; seq < count; seq++) {
            publish(publisher, seq);
            if (seq == at) {
                action.run();
            }
            TimeUnit.MILLISECONDS.sleep(pauseMillis);
        }
    }

    List<Integer> missing() {
        return IntStream.range(0, count).filter(i -> !received.contains(i)).boxed().toList();
    }

    /** Milliseconds from {@code sinceNanos} to the first acknowledgement by a node other than {@code from}. */
    long millisToFirstAckElsewhere(long sinceNanos, BrokerAddress from) {
        return ackNode.entrySet().stream()
                .filter(e -> !e.getValue().equals(from))
                .mapToLong(e -> ackNanos.get(e.getKey()))
                .filter(t -> t >= sinceNanos)
                .map(t -> (t - sinceNanos) / 1_000_000)
                .min()
                .orElse(-1);
    }
}
