package io.mqttha.publisher;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.BufferFullException;
import io.mqttha.client.ConnectedEvent;
import io.mqttha.client.DisconnectedEvent;
import io.mqttha.client.FailoverEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.NodeSelection;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One publisher node: telemetry at QoS 0, 1 and 2, a retained versioned state document, a retained
 * {@code online}/{@code offline} status with a last will, and heartbeats, all through one SDK client
 * that prefers the paired broker and returns to it.
 */
public final class PublisherNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherNode.class);

    private final PublisherSettings settings;
    private final HaMqttClient client;
    private final Clock clock;
    private final Instant startedAt;
    private final ScheduledExecutorService scheduler;
    private final Map<Qos, AtomicLong> sent = new EnumMap<>(Qos.class);
    private final Map<Qos, AtomicLong> acknowledged = new EnumMap<>(Qos.class);
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong stateVersion = new AtomicLong();
    private final Set<CompletableFuture<PublishResult>> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** A node that publishes through its own SDK client, built from {@code settings}. */
    public PublisherNode(PublisherSettings settings) {
        this(settings, HaMqttClient.create(clientConfig(settings)), Clock.systemUTC());
    }

    PublisherNode(PublisherSettings settings, HaMqttClient client, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, settings.name() + "-publishing");
            thread.setDaemon(true);
            return thread;
        });
        for (Qos qos : Qos.values()) {
            sent.put(qos, new AtomicLong());
            acknowledged.put(qos, new AtomicLong());
        }
    }

    /** The SDK configuration of a publisher: prefer the paired broker, leave {@code offline} as the last will. */
    static HaClientConfig clientConfig(PublisherSettings settings) {
        HaClientConfig.Builder builder = HaClientConfig.builder()
                .addresses(settings.brokers())
                .clientId(settings.name())
                .nodeSelection(NodeSelection.PREFERRED)
                .preferredNode(settings.pairedBroker().toString())
                .keepAlive(settings.keepAlive())
                .lastWill(status(settings, PublisherTopics.OFFLINE));
        settings.credentials().ifPresent(builder::credentials);
        settings.tls().ifPresent(builder::tls);
        return builder.build();
    }

    private static OutboundMessage status(PublisherSettings settings, String status) {
        return OutboundMessage.of(settings.topics().status(settings.name()), status.getBytes(StandardCharsets.UTF_8),
                Qos.AT_LEAST_ONCE, true);
    }

    /**
     * Connects and starts every stream; {@code online} is announced on every connection. While no
     * broker answers yet, messages wait in the SDK's offline buffer and the client keeps trying.
     */
    public void start() {
        client.addListener(new ConnectionLog());
        LOG.info("{} starting: paired with {}, brokers {}", settings.name(), settings.pairedBroker(), settings.brokers());
        client.connect().whenComplete((node, failure) -> {
            if (failure != null) {
                LOG.warn("{} reaches no broker yet ({}); it keeps trying and buffers meanwhile", settings.name(),
                        failure.getMessage());
            }
        });
        for (Qos qos : Qos.values()) {
            double rate = settings.ratePerSecond().getOrDefault(qos, 0.0);
            if (rate > 0) {
                long periodMicros = Math.max(1, Math.round(1_000_000 / rate));
                scheduler.scheduleAtFixedRate(surviving(() -> publishTelemetry(qos)), 0, periodMicros, TimeUnit.MICROSECONDS);
            }
        }
        scheduler.scheduleAtFixedRate(surviving(this::publishState), 0, settings.stateInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(surviving(this::publishHeartbeat), 0, settings.heartbeatInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A scheduled executor silently cancels a task that throws once; a stream must outlive one bad turn. */
    private Runnable surviving(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.warn("{} could not publish: {}", settings.name(), e.toString());
            }
        };
    }

    /**
     * Stops publishing, waits up to {@code grace} for what is in flight, publishes {@code offline},
     * and disconnects cleanly (so the broker does not send the will on top).
     */
    public void stop(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        long deadline = System.nanoTime() + grace.toNanos();
        CompletableFuture<Void> inFlight = CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new));
        awaitQuietly(inFlight, deadline, "in-flight messages");
        awaitQuietly(client.publish(status(settings, PublisherTopics.OFFLINE)), deadline, "the offline status");
        client.close();
        LOG.info("{} stopped: sent {} (acknowledged {}), {} failed", settings.name(), counts(sent), counts(acknowledged),
                failed.get());
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private void publishTelemetry(Qos qos) {
        long number = sent.get(qos).incrementAndGet();
        byte[] payload = telemetryPayload(qos, number);
        track(qos, OutboundMessage.of(settings.topics().telemetry(settings.name(), qos), payload, qos, false));
    }

    private byte[] telemetryPayload(Qos qos, long number) {
        String text = settings.name() + " qos" + qos.code() + " #" + number + " ";
        int size = settings.payloadBytes().getOrDefault(qos, text.length());
        StringBuilder payload = new StringBuilder(text);
        while (payload.length() < size) {
            payload.append('.');
        }
        return payload.substring(0, Math.max(size, 0)).getBytes(StandardCharsets.US_ASCII);
    }

    private void publishState() {
        PublisherState state = new PublisherState(settings.name(), stateVersion.incrementAndGet(), connectedNode(),
                settings.pairedBroker().toString(), clock.instant().toString(), counts(sent));
        track(null, OutboundMessage.of(settings.topics().state(settings.name()), PublisherPayloads.write(state),
                Qos.AT_LEAST_ONCE, true));
    }

    private void publishHeartbeat() {
        PublisherHeartbeat heartbeat = new PublisherHeartbeat(settings.name(), connectedNode(),
                Duration.between(startedAt, clock.instant()).toMillis(), counts(sent), counts(acknowledged),
                client.metrics().failovers());
        track(null, OutboundMessage.of(settings.topics().heartbeat(settings.name()), PublisherPayloads.write(heartbeat),
                Qos.AT_MOST_ONCE, false));
        if (client.currentNode().isPresent()) {
            settings.healthFile().ifPresent(this::touch);
        }
    }

    private void touch(Path file) {
        try {
            Files.writeString(file, clock.instant().toString());
        } catch (IOException e) {
            LOG.warn("{} could not write its health file {}: {}", settings.name(), file, e.getMessage());
        }
    }

    private void track(Qos telemetryQos, OutboundMessage message) {
        if (stopping.get()) {
            return;
        }
        CompletableFuture<PublishResult> future;
        try {
            future = client.publish(message);
        } catch (BufferFullException e) {
            failed.incrementAndGet();
            LOG.warn("{} dropped a message to {}: {}", settings.name(), message.topic(), e.getMessage());
            return;
        }
        outstanding.add(future);
        future.whenComplete((result, failure) -> {
            outstanding.remove(future);
            if (failure != null) {
                failed.incrementAndGet();
                LOG.warn("{} publish to {} failed: {}", settings.name(), message.topic(), failure.getMessage());
            } else if (telemetryQos != null) {
                acknowledged.get(telemetryQos).incrementAndGet();
            }
        });
    }

    private void awaitQuietly(CompletableFuture<?> future, long deadlineNanos, String what) {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} could not confirm {} before stopping", settings.name(), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{} could not send {}: {}", settings.name(), what, e.getMessage());
        }
    }

    private String connectedNode() {
        return client.currentNode().map(BrokerAddress::toString).orElse(null);
    }

    private static Map<String, Long> counts(Map<Qos, AtomicLong> counters) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counters.forEach((qos, count) -> counts.put("qos" + qos.code(), count.get()));
        return counts;
    }


    /** One log line per event that matters to a person watching: connected, lost, failed over, returned. */
    private final class ConnectionLog implements HaClientListener {
        private final List<BrokerAddress> connectedBefore = new ArrayList<>();

        @Override
        public void onConnected(ConnectedEvent event) {
            if (connectedBefore.isEmpty()) {
                LOG.info("{} connected to {}{}", settings.name(), event.node(),
                        event.node().equals(settings.pairedBroker()) ? " (its paired broker)" : "");
            }
            connectedBefore.add(event.node());
            // A will left behind on a node this publisher abandoned may have overwritten the status.
            track(null, status(settings, PublisherTopics.ONLINE));
        }

        @Override
        public void onDisconnected(DisconnectedEvent event) {
            if (!stopping.get()) {
                LOG.warn("{} lost {}: {}", settings.name(), event.node(), event.cause().getMessage());
            }
        }

        @Override
        public void onFailover(FailoverEvent event) {
            if (event.to().equals(settings.pairedBroker())) {
                LOG.info("{} returned to its paired broker {} from {} in {} ms", settings.name(), event.to(), event.from(),
                        event.duration().toMillis());
            } else {
                LOG.info("{} failed over from {} to {} in {} ms", settings.name(), event.from(), event.to(),
                        event.duration().toMillis());
            }
        }
    }
}
