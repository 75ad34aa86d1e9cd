package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * One client's view of health probing: it listens to a {@link NodeProber} (shared by every client of the JVM that
 * probes the same cluster the same way), records what each probe saw, and, while no connection is in use and every
 * node backs off, asks for rounds of out-of-turn probes that find a returning node within tens of milliseconds.
 * What the engine decides on (a node up while it waits, its node hung) it hears through {@link Host}.
 */
final class HealthProbes {

    private static final Logger LOG = LoggerFactory.getLogger(HealthProbes.class);

    /** Delay of the second out-of-turn probe round of an outage; each later round waits twice as long. */
    static final Duration RESCUE_PROBE_START = Duration.ofMillis(25);

    /** What the probes need from the engine; called under the client's lock. */
    interface Host {
        /** A probe found {@code node} answering. */
        void probeFoundUp(BrokerAddress node);

        /** A probe that started at {@code started} found {@code node} accepting TCP but not answering MQTT. */
        void probeFoundHung(BrokerAddress node, Instant started, HaMqttException cause);

        /** Whether the client waits for a node: no connection in use and none being opened. */
        boolean waitingForNode();
    }

    private final HaClientConfig config;
    private final Object lock;
    private final ClientThreads threads;
    private final NodeHealthRecorder health;
    private final ConnectVerdict verdict;
    private final Function<NodeProber.Listener, NodeProbers.Subscription> subscribe;
    private Host host;
    /** Guarded by the client's lock: the prober listened to, from {@link #start} until {@link #close}. */
    private NodeProbers.Subscription subscription;
    /** The next round of out-of-turn probes, if one is pending; guarded by the client's lock. */
    private ScheduledFuture<?> rescueTask;
    /** Rounds of out-of-turn probes in the current outage; guarded by the client's lock. */
    private int rescueRound;
    /** Guarded by the client's lock: set at close, after which late answers are ignored. */
    private boolean closed;

    HealthProbes(HaClientConfig config, Object lock, ClientThreads threads, NodeHealthRecorder health,
            ConnectVerdict verdict, Function<NodeProber.Listener, NodeProbers.Subscription> subscribe) {
        this.config = config;
        this.lock = lock;
        this.threads = threads;
        this.health = health;
        this.verdict = verdict;
        this.subscribe = subscribe;
    }

    void attach(Host engine) {
        this.host = engine;
    }

    /** Starts listening to the prober, if probing is on. */
    void start() {
        if (config.healthProbing()) {
            subscription = subscribe.apply((node, started, rtt, failure) ->
                    threads.coordinate(() -> answered(node, started, rtt, failure)));
        }
    }

    /** The client is on a node again: the next outage starts its out-of-turn probes from the first round. */
    void resetRescue() {
        rescueRound = 0;
    }

    void close() {
        closed = true;
        if (subscription != null) {
            subscription.cancel();
        }
        if (rescueTask != null) {
            rescueTask.cancel(false);
        }
    }

    /**
     * Schedules the next round of out-of-turn probes of every node, unless one is pending. Called while no
     * connection is in use and every node is backing off: the periodic probes visit one node every
     * {@code healthProbeInterval / nodes}, so with seven nodes that had all failed recently, finding one that
     * was back (a restarted broker answers within tens of milliseconds) took about 100 ms per failover.
     * The rounds grow sparse, so a cluster that is really down costs a few extra probes per outage, not a
     * stream of them; and a node being probed already, for this client or another, is not probed again.
     */
    void scheduleRescue() {
        if (subscription == null || rescueTask != null) {
            return;
        }
        Optional<Duration> delay = rescueProbeDelay(rescueRound, config.healthProbeInterval());
        if (delay.isEmpty()) {
            return;
        }
        rescueRound++;
        rescueTask = threads.schedule(ClientThreads.surviving("rescue probe", this::rescue), delay.get());
    }

    /**
     * The delay before out-of-turn probe round {@code round} (0 first) of one outage, or empty once the
     * periodic probes, every {@code probeInterval}, come as often: 0, 25, 50, 100 ... ms.
     */
    static Optional<Duration> rescueProbeDelay(int round, Duration probeInterval) {
        if (round == 0) {
            return Optional.of(Duration.ZERO);
        }
        Duration delay = RESCUE_PROBE_START.multipliedBy(1L << Math.min(round - 1, 30));
        return delay.compareTo(probeInterval) < 0 ? Optional.of(delay) : Optional.empty();
    }

    private void rescue() {
        NodeProber prober;
        synchronized (lock) {
            rescueTask = null;
            if (closed || !host.waitingForNode()) {
                return;
            }
            LOG.debug("Every node is backing off; probing them all out of turn (round {})", rescueRound);
            prober = subscription.prober();
        }
        prober.probeAll();
        synchronized (lock) {
            if (!closed && host.waitingForNode()) {
                scheduleRescue();
            }
        }
    }

    private void answered(BrokerAddress node, Instant started, Duration rtt, Throwable failure) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            HaMqttException cause = failure == null ? null : Failures.asHaException(failure, node);
            NodeState state = cause == null ? NodeState.UP : Failures.stateAfter(cause);
            LOG.trace("Probe of {}: {} {}", node, state, rtt);
            if (state == NodeState.REFUSED) {
                health.failed(node, cause);
                // A refused probe leaves the node alone for the retry interval, so no connection attempt
                // would reach it before then: its refusal counts towards connect()'s verdict too.
                verdict.failed(node, cause);
            } else {
                health.probed(node, state, rtt);
            }
            if (state == NodeState.UP) {
                host.probeFoundUp(node);
            } else if (state == NodeState.HUNG) {
                host.probeFoundHung(node, started, cause);
            }
        }
    }
}
