package io.mqttha.client.internal;

import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes the nodes of one cluster for every client of this JVM that would probe them the same way (same
 * addresses, credentials, TLS settings and probe timing): a fleet of clients costs the brokers one probe per node
 * per interval, not one per client. It probes each node every interval, spread over the interval, and out of turn
 * when a client asks (a client in an outage); a node already being probed is not probed twice at once, and a node
 * that refused the credentials is left alone for the authentication retry interval. Every answer goes to every
 * client that listens.
 *
 * <p>Thread-safe; it takes no client's lock. Listeners are called on the JVM's one {@code mqtt-ha-probes} thread and
 * must hand the answer to their own thread.
 */
final class NodeProber {

    private static final Logger LOG = LoggerFactory.getLogger(NodeProber.class);

    /** One thread schedules the periodic probes of every prober in the JVM; the probes themselves are non-blocking. */
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mqtt-ha-probes");
        thread.setDaemon(true);
        return thread;
    });

    /** What a probe saw; called once per probe and listener. */
    interface Listener {
        /**
         * A probe that started at {@code started} ended.
         *
         * @param rtt     the CONNECT-to-CONNACK time if the node answered, else null
         * @param failure why it did not, else null
         */
        void answered(BrokerAddress node, Instant started, Duration rtt, Throwable failure);
    }

    private final HaClientConfig config;
    private final ConnectionFactory factory;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<BrokerAddress> running = ConcurrentHashMap.newKeySet();
    private final Map<BrokerAddress, Instant> refusedUntil = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> periodic = new CopyOnWriteArrayList<>();

    NodeProber(HaClientConfig config, ConnectionFactory factory, Clock clock) {
        this.config = config;
        this.factory = factory;
        this.clock = clock;
    }

    /** Adds a listener; the first one starts the periodic probes. */
    synchronized void attach(Listener listener) {
        listeners.add(listener);
        if (listeners.size() == 1) {
            List<BrokerAddress> addresses = config.addresses();
            long interval = config.healthProbeInterval().toMillis();
            for (int i = 0; i < addresses.size(); i++) {
                BrokerAddress node = addresses.get(i);
                // Spread the probes over the interval rather than opening every connection at once.
                periodic.add(SCHEDULER.scheduleAtFixedRate(ClientThreads.surviving("probe", () -> probe(node)),
                        interval * i / addresses.size(), interval, TimeUnit.MILLISECONDS));
            }
        }
    }

    /**
     * Removes a listener; the last one stops the periodic probes.
     *
     * @return whether no listener is left
     */
    synchronized boolean detach(Listener listener) {
        if (listeners.remove(listener) && listeners.isEmpty()) {
            periodic.forEach(task -> task.cancel(false));
            periodic.clear();
        }
        return listeners.isEmpty();
    }

    /** Probes every node now, but those being probed already or leaving a refusal alone. */
    void probeAll() {
        config.addresses().forEach(this::probe);
    }

    private void probe(BrokerAddress node) {
        Instant until = refusedUntil.get(node);
        // Re-sending refused credentials every probe interval would be the storm the retry interval prevents.
        if (until != null && clock.instant().isBefore(until) || !running.add(node)) {
            return;
        }
        Instant started = clock.instant();
        // The library enforces both timeouts itself; this bound only guards against a probe that never ends.
        long bound = config.healthProbeTimeout().multipliedBy(2).plusSeconds(1).toMillis();
        CompletableFuture<Duration> probe = Failures.guarded(() -> factory.probe(node));
        // The answer fans out to every listening client: on the probes' thread, not on the library's network thread.
        probe.orTimeout(bound, TimeUnit.MILLISECONDS).whenCompleteAsync((rtt, failure) -> {
            running.remove(node);
            if (failure != null && Failures.asHaException(failure, node) instanceof AuthenticationFailedException) {
                refusedUntil.put(node, clock.instant().plus(config.authenticationRetryInterval()));
            } else if (failure == null) {
                refusedUntil.remove(node);
            }
            for (Listener listener : listeners) {
                try {
                    listener.answered(node, started, rtt, failure);
                } catch (RuntimeException e) {
                    LOG.warn("A client failed to take a probe's answer", e);
                }
            }
        }, SCHEDULER);
    }
}
