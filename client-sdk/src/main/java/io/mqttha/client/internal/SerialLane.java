package io.mqttha.client.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in the order they were handed over, on threads borrowed from a shared pool: what
 * a single-thread executor gives, without a thread per lane. A busy lane hands its thread back after
 * {@link #BATCH} tasks and queues itself again, so that one client's flood does not starve the others.
 */
final class SerialLane implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);

    /** Tasks run per turn on a pool thread; enough to amortise the hand-over, small enough to be fair. */
    static final int BATCH = 64;

    /** The logging context key that holds the id of the client whose work a thread runs. */
    static final String CLIENT_MDC_KEY = "mqttha.client";

    private final Executor pool;
    private final ThreadLocal<Object> running;
    private final Object owner;
    private final String clientId;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean closed;

    /**
     * @param pool     where turns run
     * @param running  set to {@code owner} while a turn runs, so that the owner can tell its own threads
     * @param owner    what {@code running} holds during a turn
     * @param clientId put in the logging context as {@link #CLIENT_MDC_KEY} during a turn, because the
     *                 thread's name no longer tells whose work it is
     */
    SerialLane(Executor pool, ThreadLocal<Object> running, Object owner, String clientId) {
        this.pool = pool;
        this.running = running;
        this.owner = owner;
        this.clientId = clientId;
    }

    /**
     * Queues {@code task}.
     *
     * @throws RejectedExecutionException once the lane is closed
     */
    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("lane closed");
        }
        queue.add(task);
        schedule();
    }

    /** Takes no more tasks; those queued still run. */
    void close() {
        closed = true;
        schedule();
    }

    /** Takes no more tasks and drops those not yet started. */
    void closeNow() {
        closed = true;
        queue.clear();
        schedule();
    }

    /** Waits up to {@code grace} for the tasks queued before {@link #close()} to finish. */
    void awaitDrained(Duration grace) {
        try {
            drained.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A callback still running after the grace is the application's; close() does not wait longer.
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::turn);
            } catch (RejectedExecutionException poolGone) {
                scheduled.set(false);
                queue.clear();
                drained.complete(null);
            }
        }
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A single-thread executor would print this and go on; the lane goes on too, with the error logged.
            LOG.error("A task of the client failed", e);
        }
    }

    private void turn() {
        Object previous = running.get();
        running.set(owner);
        MDC.put(CLIENT_MDC_KEY, clientId);
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = queue.poll();
                if (task == null) {
                    break;
                }
                runLogged(task);
            }
        } finally {
            MDC.remove(CLIENT_MDC_KEY);
            running.set(previous);
            scheduled.set(false);
            // A task added between the last poll and the reset above found the lane scheduled and did not
            // queue a turn: look again.
            if (!queue.isEmpty()) {
                schedule();
            } else if (closed) {
                drained.complete(null);
            }
        }
    }
}
