package io.mqttha.client.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every client of a JVM shares, so that a fleet of clients costs a fixed number of threads, not
 * three per client. Each client runs its work in {@link SerialLane}s on these pools. The pools are separate
 * by kind of work so that applications blocking in consumers or listeners never hold up an engine's
 * decisions, and consumers blocked on a future never wait for a thread the futures need. All threads are
 * daemons and end after a minute without work.
 */
final class SharedPools {

    /** Engine threads: the coordinators' work is short and never blocks, so the cores are enough. */
    static final int ENGINE_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /**
     * Threads for listeners and futures' completions, and as many for message consumers: application code,
     * which may block for a while, so more than the cores.
     */
    static final int APPLICATION_THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    private static final long IDLE_SECONDS = 60;

    static final ScheduledThreadPoolExecutor TIMER = timer();
    static final ExecutorService ENGINE = pool("mqtt-ha-engine", ENGINE_THREADS);
    static final ExecutorService CALLBACKS = pool("mqtt-ha-callbacks", APPLICATION_THREADS);
    static final ExecutorService INBOUND = pool("mqtt-ha-inbound", APPLICATION_THREADS);

    private SharedPools() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        // The timer only hands due tasks to lanes, so one thread serves every client; cancelled timers (a
        // timeout that did not fire, a closed client's periodic work) leave its queue at once.
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("mqtt-ha-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    private static ExecutorService pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
