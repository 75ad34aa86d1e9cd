package io.mqttha.client.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The three lanes of one client, each running its tasks one at a time and in order on threads that all
 * clients of the JVM share ({@link SharedPools}): the coordinator, which runs the engine's decisions, timers
 * and the outcomes of network operations; the callback lane, which completes futures and calls listeners; the
 * inbound lane, which hands messages to consumers. Work handed to a lane after {@link #shutdown} is dropped
 * quietly: the library reports late errors to closed clients, and they must meet a closed door.
 */
final class ClientThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ClientThreads.class);
    /** Which client's lane the current thread is running, if any. */
    private static final ThreadLocal<Object> RUNNING = new ThreadLocal<>();

    private final SerialLane coordinator;
    private final SerialLane callbacks;
    private final SerialLane inbound;
    /** Timers not yet run, cancelled at shutdown so that the shared timer forgets a closed client at once. */
    private final Set<TimerTask> timers = ConcurrentHashMap.newKeySet();
    private volatile boolean shutDown;

    /** @param clientId whose work this is, named in the logging context of every task */
    ClientThreads(String clientId) {
        this.coordinator = new SerialLane(SharedPools.ENGINE, RUNNING, this, clientId);
        this.callbacks = new SerialLane(SharedPools.CALLBACKS, RUNNING, this, clientId);
        this.inbound = new SerialLane(SharedPools.INBOUND, RUNNING, this, clientId);
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
        TimerTask timer = new TimerTask(task, false);
        timers.add(timer);
        return timer.started(SharedPools.TIMER.schedule(timer, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Runs {@code task} on the coordinator every {@code period}, whatever it throws; a run still waiting
     * on a busy coordinator is not queued a second time.
     */
    ScheduledFuture<?> repeat(String name, Duration period, Runnable task) {
        TimerTask timer = new TimerTask(surviving(name, task), true);
        timers.add(timer);
        return timer.started(SharedPools.TIMER.scheduleAtFixedRate(timer, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Runs user-facing work (a future's completion, a listener) on the callback lane. */
    void callback(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("Dropping a callback after close", closed);
        }
    }

    /** Runs {@code task} on the inbound lane, where messages reach consumers. */
    void inbound(Runnable task) {
        try {
            inbound.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("Dropping inbound work after close", closed);
        }
    }

    /** Whether the calling thread is running one of this client's lanes, which must not wait for the others. */
    boolean isOwnThread() {
        return RUNNING.get() == this;
    }

    /**
     * Stops the coordinator and its timers at once and lets queued callbacks and messages run for at most
     * {@code grace}.
     */
    void shutdown(Duration grace) {
        shutDown = true;
        timers.forEach(TimerTask::cancel);
        timers.clear();
        coordinator.closeNow();
        callbacks.close();
        inbound.close();
        if (!isOwnThread()) {
            long deadline = System.nanoTime() + grace.toNanos();
            callbacks.awaitDrained(grace);
            inbound.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
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

    /** A due timer, handed from the shared timer thread to the coordinator. */
    private final class TimerTask implements Runnable {

        private final Runnable task;
        private final boolean periodic;
        private final AtomicBoolean waiting = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;

        TimerTask(Runnable task, boolean periodic) {
            this.task = task;
            this.periodic = periodic;
        }

        ScheduledFuture<?> started(ScheduledFuture<?> scheduled) {
            future = scheduled;
            if (shutDown) {
                scheduled.cancel(false);
            }
            return scheduled;
        }

        void cancel() {
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }

        @Override
        public void run() {
            if (!periodic) {
                timers.remove(this);
                coordinate(task);
            } else if (waiting.compareAndSet(false, true)) {
                coordinate(() -> {
                    waiting.set(false);
                    task.run();
                });
            }
        }
    }
}
