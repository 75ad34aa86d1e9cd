package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.brokers.probe.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Does for the relays what an orchestrator's liveness probe does: a relay that accepts TCP but answers no MQTT
 * (hung: a stalled disk, a paused VM, SIGSTOP) is killed and started again. A hung relay partitions the cluster for
 * as long as it hangs: the edges' bridges notice only after Mosquitto's minimum bridge keep-alive of 5 s, 1.5 times
 * over, while a killed relay's connections are reset at once and the bridges move to the other relay within
 * Mosquitto's {@code restart_timeout} (1–2 s). A relay is hung after {@value #HUNG_PROBES_IN_A_ROW} probes in a row
 * without a CONNACK within {@link #ANSWER_TIMEOUT}, which an idle Mosquitto answers in under a millisecond. Edges
 * are left alone: a hung edge concerns only its own clients, which the SDK moves elsewhere. One daemon thread.
 */
public final class RelaySupervisor implements AutoCloseable {

    /** How often each relay is probed. */
    public static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** How long a relay may take to answer a probe's CONNECT before that probe counts as hung. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofMillis(300);
    /** Hung probes in a row that make a relay hung: one slow answer is not a hang. */
    public static final int HUNG_PROBES_IN_A_ROW = 2;

    private static final Logger LOG = LoggerFactory.getLogger(RelaySupervisor.class);

    /** Replaces a hung relay: kills it, starts it again and waits until it answers. */
    @FunctionalInterface
    interface Recovery {
        void replace(NodeSpec relay);
    }

    private final List<NodeSpec> relays;
    private final MqttProbe probe;
    private final Predicate<NodeSpec> running;
    private final Recovery recovery;
    private final Consumer<String> events;
    private final Map<NodeSpec, Integer> hungInARow = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    RelaySupervisor(List<NodeSpec> relays, MqttProbe probe, Predicate<NodeSpec> running, Recovery recovery,
            Consumer<String> events) {
        this.relays = List.copyOf(relays);
        this.probe = probe;
        this.running = running;
        this.recovery = recovery;
        this.events = events;
        this.thread = new Thread(this::superviseUntilClosed, "relay-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    private void superviseUntilClosed() {
        while (!closed) {
            long started = System.nanoTime();
            relays.forEach(this::check);
            long spentMillis = (System.nanoTime() - started) / 1_000_000;
            try {
                Thread.sleep(Math.max(0, PROBE_INTERVAL.toMillis() - spentMillis));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check(NodeSpec relay) {
        if (closed || !running.test(relay)) {
            hungInARow.remove(relay);
            return;
        }
        MqttProbe.Result result = probe.probe(relay.host(), relay.port());
        if (result.state() != NodeState.HUNG) {
            hungInARow.remove(relay);
            return;
        }
        int hung = hungInARow.merge(relay, 1, Integer::sum);
        if (hung < HUNG_PROBES_IN_A_ROW || closed) {
            return;
        }
        hungInARow.remove(relay);
        events.accept(relay.name() + " is hung (" + result.detail() + ", " + hung + " probes in a row): killing it and "
                + "starting it again, as a liveness probe would; the edges' bridges move to the other relay meanwhile.");
        try {
            recovery.replace(relay);
            events.accept(relay.name() + " runs again.");
        } catch (ClusterException e) {
            // The operator may have stopped or restarted it meanwhile; the next probe tells.
            LOG.warn("Replacing the hung {} failed: {}", relay.name(), e.getMessage());
        }
    }

    /** Stops supervising; returns once the supervisor's thread has ended. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
