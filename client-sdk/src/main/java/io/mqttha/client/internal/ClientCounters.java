package io.mqttha.client.internal;

import io.mqttha.client.HaClientMetrics;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link HaClientMetrics}; incremented from any thread without the client's lock. */
final class ClientCounters {

    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder republished = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder qos0Dropped = new LongAdder();
    final LongAdder failovers = new LongAdder();
    final LongAdder failbacks = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder authenticationFailures = new LongAdder();

    HaClientMetrics snapshot(int bufferedMessages, long bufferedBytes, Instant time) {
        return new HaClientMetrics(sent.sum(), acknowledged.sum(), failed.sum(), republished.sum(), rejected.sum(),
                qos0Dropped.sum(), failovers.sum(), failbacks.sum(), received.sum(), authenticationFailures.sum(),
                bufferedMessages, bufferedBytes, time);
    }
}
