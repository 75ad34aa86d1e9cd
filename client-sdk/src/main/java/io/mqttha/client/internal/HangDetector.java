package io.mqttha.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Notices a node that keeps a connection open but stops answering. The node is considered hung when it
 * has owed the client an answer (to a publish, subscribe or unsubscribe) for the whole timeout without
 * sending anything at all. Counting from the later of "first owed" and "last heard" keeps a long idle
 * period or a slow but steady stream of acknowledgements from looking like a hang.
 *
 * <p>Thread-safe: requests are counted on caller threads, answers on the coordinator, messages on the
 * inbound lane.
 */
final class HangDetector {

    private final Clock clock;
    private final Duration timeout;
    private int outstanding;
    private Instant owedSince;
    private Instant lastHeard;

    HangDetector(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
        this.lastHeard = clock.instant();
    }

    /** A request that the node must answer was sent. */
    synchronized void requestSent() {
        if (outstanding++ == 0) {
            owedSince = clock.instant();
        }
    }

    /** A request was answered, or failed with its connection (which also ends the debt). */
    synchronized void requestDone() {
        if (outstanding > 0) {
            outstanding--;
        }
        heard();
    }

    /** The node sent something unprompted, e.g. a message for a subscription. */
    synchronized void heard() {
        lastHeard = clock.instant();
        owedSince = lastHeard;
    }

    /** When the node last said anything on this connection. */
    synchronized Instant lastHeard() {
        return lastHeard;
    }

    /**
     * Returns how long the node has been silent while owing an answer, once that reaches the timeout.
     *
     * @return the silence, or empty if the node is not considered hung
     */
    synchronized Optional<Duration> hungFor() {
        if (outstanding == 0) {
            return Optional.empty();
        }
        Duration silence = Duration.between(owedSince, clock.instant());
        return silence.compareTo(timeout) >= 0 ? Optional.of(silence) : Optional.empty();
    }
}
