package io.mqttha.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A client under a failover measurement: connected to one of several brokers, publishing QoS 1. */
interface FailoverClient extends AutoCloseable {

    /** Connects to the first broker that answers; returns once connected. */
    void connect() throws Exception;

    /** The {@code host:port} the client is connected to, empty while it is not. */
    Optional<String> connectedAddress();

    /**
     * Publishes one QoS 1 message and waits for the broker's acknowledgement.
     *
     * @return whether it was acknowledged within {@code timeout}; a failed or timed-out publish is
     *         {@code false}
     */
    boolean publishAcknowledged(byte[] payload, Duration timeout);

    /**
     * Publishes one message without waiting for anything, as an application streaming data would; while
     * the client reconnects, its own queueing (if any) applies.
     *
     * @param qos 0, 1 or 2
     * @return false if the client refused the publish at once (a full buffer, too many in flight)
     */
    boolean publishAsync(String topic, byte[] payload, int qos);

    @Override
    void close();

    /**
     * Waits for {@code future} at most {@code timeout}.
     *
     * @return its value, or empty if it failed or did not complete in time
     */
    static <T> Optional<T> awaitQuietly(Future<T> future, Duration timeout) {
        try {
            return Optional.ofNullable(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
