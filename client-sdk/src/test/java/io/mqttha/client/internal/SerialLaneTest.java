package io.mqttha.client.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Lanes give each client a single thread's order without a thread of its own. */
class SerialLaneTest {

    private static final ThreadLocal<Object> RUNNING = new ThreadLocal<>();

    @Test
    void tasksOfOneLaneRunInOrderAndNeverTwoAtOnceOnAPoolOfManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialLane lane = new SerialLane(pool, RUNNING, this, "unit");
            List<Integer> order = new CopyOnWriteArrayList<>();
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            int tasks = 5 * SerialLane.BATCH;
            for (int i = 0; i < tasks; i++) {
                int task = i;
                lane.execute(() -> {
                    mostAtOnce.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    assertThat(RUNNING.get()).isSameAs(this);
                    order.add(task);
                    concurrent.decrementAndGet();
                });
            }
            await().until(() -> order.size() == tasks);
            assertThat(order).isSorted();
            assertThat(mostAtOnce).hasValue(1);
            assertThat(RUNNING.get()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThousandClientsRunOnTheSharedPoolsThreadsOnly() {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(3_000);
        List<ClientThreads> clients = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ClientThreads threads = new ClientThreads("fleet-" + i);
            clients.add(threads);
            Runnable record = () -> {
                used.add(Thread.currentThread());
                assertThat(threads.isOwnThread()).isTrue();
                done.countDown();
            };
            threads.coordinate(record);
            threads.callback(record);
            threads.inbound(record);
        }
        await().until(() -> done.getCount() == 0);
        assertThat(used).hasSizeLessThanOrEqualTo(SharedPools.ENGINE_THREADS + 2 * SharedPools.APPLICATION_THREADS);
        clients.forEach(threads -> threads.shutdown(Duration.ZERO));
    }

    @Test
    void closeLetsQueuedTasksFinishAndRefusesNewOnesWhileCloseNowDropsThem() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch release = new CountDownLatch(1);
            List<String> ran = new CopyOnWriteArrayList<>();
            SerialLane graceful = new SerialLane(pool, RUNNING, this, "unit");
            graceful.execute(() -> awaitQuietly(release));
            graceful.execute(() -> ran.add("queued before close"));
            graceful.close();
            assertThatThrownBy(() -> graceful.execute(() -> ran.add("after close")))
                    .isInstanceOf(RejectedExecutionException.class);
            release.countDown();
            graceful.awaitDrained(Duration.ofSeconds(5));
            assertThat(ran).containsExactly("queued before close");

            CountDownLatch hold = new CountDownLatch(1);
            SerialLane abrupt = new SerialLane(pool, RUNNING, this, "unit");
            abrupt.execute(() -> awaitQuietly(hold));
            abrupt.execute(() -> ran.add("dropped"));
            abrupt.closeNow();
            hold.countDown();
            abrupt.awaitDrained(Duration.ofSeconds(5));
            assertThat(ran).containsExactly("queued before close");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheLane() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialLane lane = new SerialLane(pool, RUNNING, this, "unit");
            List<String> ran = new CopyOnWriteArrayList<>();
            lane.execute(() -> {
                throw new IllegalStateException("expected by the test");
            });
            lane.execute(() -> ran.add("next"));
            await().until(() -> ran.contains("next"));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
