package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One connection the engine uses, with its hang detector. A main link hands its messages to the
 * consumers at once; a standby link keeps them, for a bounded time, until it {@linkplain #goLive goes live}
 * and replays what its predecessor may have missed.
 */
final class Link implements ConnectionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(Link.class);

    /** What every link of one client shares. */
    record Context(Clock clock, Duration hangTimeout, ConnectionFactory factory, ClientThreads threads,
            Consumer<InboundMessage> router, BiConsumer<Link, ConnectionLostException> onLost,
            Duration standbyWindow, int standbyMaxMessages) {
    }

    final BrokerAddress node;
    final boolean standbyRole;
    final Instant startedAt;
    final HangDetector hang;
    final BrokerConnection connection;
    /** Guarded by the client's lock: the MQTT handshake completed. */
    boolean connected;
    /** Guarded by the client's lock: a standby whose subscriptions are all in place. */
    boolean synced;
    private final Context context;
    /** Messages go to consumers; false for a standby, whose messages are only kept for a replay. */
    private volatile boolean live;
    /** Touched on the inbound lane only. */
    private final ArrayDeque<InboundMessage> kept = new ArrayDeque<>();

    Link(BrokerAddress node, boolean standbyRole, Context context) {
        this.node = node;
        this.standbyRole = standbyRole;
        this.context = context;
        this.live = !standbyRole;
        this.startedAt = context.clock().instant();
        this.hang = new HangDetector(context.clock(), context.hangTimeout());
        this.connection = context.factory().create(node, this, standbyRole);
    }

    @Override
    public void onMessage(BrokerConnection from, InboundMessage message) {
        hang.heard();
        if (live) {
            context.router().accept(message);
            return;
        }
        kept.addLast(message);
        Instant horizon = message.receivedAt().minus(context.standbyWindow());
        while (kept.size() > context.standbyMaxMessages() || kept.peekFirst().receivedAt().isBefore(horizon)) {
            kept.removeFirst();
        }
    }

    @Override
    public void onLost(BrokerConnection from, ConnectionLostException cause) {
        context.threads().coordinate(() -> context.onLost().accept(this, cause));
    }

    /**
     * Closes every link, gracefully where it is open, and waits up to {@code grace} for the disconnects.
     */
    static void closeAll(List<Link> links, Duration grace) {
        CompletableFuture<?>[] disconnects = links.stream().map(l -> l.connection.close())
                .toArray(CompletableFuture[]::new);
        if (grace.isZero()) {
            return;
        }
        try {
            CompletableFuture.allOf(disconnects).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Not every connection closed gracefully", e);
        }
    }

    /**
     * Delivers the kept messages received from {@code replayFrom} on, then every new one. Runs on the
     * inbound lane, where this link's messages arrive too, so none slips between replay and live.
     */
    void goLive(Instant replayFrom) {
        context.threads().inbound(() -> {
            int replayed = 0;
            for (InboundMessage message : kept) {
                if (!message.receivedAt().isBefore(replayFrom)) {
                    context.router().accept(message);
                    replayed++;
                }
            }
            kept.clear();
            live = true;
            LOG.info("Replayed {} messages kept by the standby on {}", replayed, node);
        });
    }
}
