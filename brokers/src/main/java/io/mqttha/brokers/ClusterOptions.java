package io.mqttha.brokers;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link LocalCluster#start(ClusterDescription, java.nio.file.Path, ClusterOptions)} starts a cluster.
 *
 * @param tls          whether every node speaks MQTT over TLS only, with a development CA made for the run
 * @param progress     receives one line per step of the start, for people watching it
 * @param readyTimeout how long the start waits for every node to answer MQTT and every bridge to connect
 * @param retainedGuard whether every node loads the {@link RetainedGuard} (when it can be built), which refuses
 *                      retained copies older than the ones a node holds
 */
public record ClusterOptions(boolean tls, Consumer<String> progress, Duration readyTimeout, boolean retainedGuard) {

    /** How long a start waits for the cluster to be ready unless set. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);

    /** Checks the values. */
    public ClusterOptions {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        if (readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("readyTimeout must be positive, not " + readyTimeout);
        }
    }

    /**
     * Plain MQTT, progress to the log, the default ready timeout, the retained guard.
     *
     * @return the defaults
     */
    public static ClusterOptions defaults() {
        return new ClusterOptions(false, LocalCluster::logProgress, DEFAULT_READY_TIMEOUT, true);
    }

    /**
     * The defaults without progress lines, for harnesses that start many clusters.
     *
     * @return the options
     */
    public static ClusterOptions quiet() {
        return defaults().withProgress(line -> { });
    }

    /**
     * The same options in TLS mode, or out of it.
     *
     * @param enabled true for TLS
     * @return a copy
     */
    public ClusterOptions withTls(boolean enabled) {
        return new ClusterOptions(enabled, progress, readyTimeout, retainedGuard);
    }

    /**
     * The same options with another progress sink.
     *
     * @param sink receives one line per step
     * @return a copy
     */
    public ClusterOptions withProgress(Consumer<String> sink) {
        return new ClusterOptions(tls, sink, readyTimeout, retainedGuard);
    }

    /**
     * The same options with the retained guard loaded or not; without it, a stale rejoin converges only
     * through the SDK, which is what a cluster of brokers without the plugin gets.
     *
     * @param enabled true to load it where it can be built
     * @return a copy
     */
    public ClusterOptions withRetainedGuard(boolean enabled) {
        return new ClusterOptions(tls, progress, readyTimeout, enabled);
    }
}
