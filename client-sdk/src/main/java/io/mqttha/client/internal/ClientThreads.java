package io.mqttha.client.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three threads of one client: the coordinator, which runs the engine's decisions, timers and the
 * outcomes of network operations; the callback thread, which completes futures and calls listeners; the
 * inbound thread, which hands messages to consumers. Work handed to a thread after {@link #shutdown} is
 * dropped quietly: the library reports late errors to closed clients, and they must meet a closed door.
 */
final class ClientThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ClientThreads.class);

    private final Set<Thread> own = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService coordinator;
    private final ExecutorService callbacks;
    private final ExecutorService inbound;

    ClientThreads(String clientId) {
        String name = "mqtt-ha-" + clientId;
        this.inbound = Executors.newSingleThreadExecutor(named(name + "-inbound"));
        this.coordinator = Executors.newSingleThreadScheduledExecutor(named(name + "-coordinator"));
        this.callbacks = Executors.newSingleThreadExecutor(named(name + "-callbacks"));
    }

    /** Runs {@code task} on the coordinator. */
    void coordinate(Runnable task) {
        try {
            coordinator.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("Dropping a task after close", closed);
        }
    }

    /** The coordinator as an executor, for {@code whenCompleteAsync}. */
    Executor coordinator() {
        return this::coordinate;
    }

    /** Runs {@code task} on the coordinator after {@code delay}. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return coordinator.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the coordinator {@code period} after each run ends, whatever it throws. */
    ScheduledFuture<?> repeat(String name, Duration period, Runnable task) {
        return coordinator.scheduleWithFixedDelay(surviving(name, task), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs user-facing work (a future's completion, a listener) on the callback thread. */
    void callback(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("Dropping a callback after close", closed);
        }
    }

    /** Runs {@code task} on the inbound thread, where messages reach consumers. */
    void inbound(Runnable task) {
        try {
            inbound.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("Dropping inbound work after close", closed);
        }
    }

    /** Whether the calling thread is one of this client's, which must not wait for the others to finish. */
    boolean isOwnThread() {
        return own.contains(Thread.currentThread());
    }

    /** Stops the coordinator at once and lets queued callbacks and messages run for at most {@code grace}. */
    void shutdown(Duration grace) {
        coordinator.shutdownNow();
        callbacks.shutdown();
        inbound.shutdown();
        if (!isOwnThread()) {
            awaitQuietly(callbacks, grace);
            awaitQuietly(inbound, grace);
        }
    }

    /**
     * A periodic task that survives its own failure: a scheduled executor silently cancels a task that
     * throws, which would end hang detection, standby upkeep and failback for the client's whole life.
     */
    static Runnable surviving(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("The client's {} task failed; it runs again at its next turn", name, e);
            }
        };
    }

    private ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(() -> {
                own.add(Thread.currentThread());
                runnable.run();
            }, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void awaitQuietly(ExecutorService executor, Duration grace) {
        try {
            executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
