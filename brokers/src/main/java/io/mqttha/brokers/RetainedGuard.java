package io.mqttha.brokers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The retained guard: a Mosquitto plugin (C source shipped in this jar) that makes a broker refuse a
 * retained message whose SDK version is older than the one it holds. Without it, an edge that rejoins after a
 * partition re-sends its stale retained copies, they overwrite the newest values on every other node, and the
 * cluster converges only once the SDK origin has seen them and re-published (about 20 s for 10,000 topics on
 * this project's two-core machine); with it, the stale copies stop at the first relay and the rejoining edge
 * receives the relay's newest values. The source's header says what it compares.
 *
 * <p>A local cluster builds it into its run directory at start with the machine's C compiler, against
 * Mosquitto's plugin headers (Debian and Ubuntu: {@code mosquitto-dev} and {@code libmosquitto-dev}; Homebrew's
 * {@code mosquitto} has them). Where either is missing the cluster runs without it and says why: the SDK still
 * converges, more slowly.
 */
public final class RetainedGuard {

    /** The plugin's name: its source is {@code NAME.c}, its build {@code NAME.so}. */
    static final String NAME = "mqtt_ha_retained_guard";

    private final Optional<Path> plugin;
    private final String summary;

    private RetainedGuard(Optional<Path> plugin, String summary) {
        this.plugin = plugin;
        this.summary = summary;
    }

    /**
     * Builds the plugin into the run directory.
     *
     * @return the built plugin, or none with the reason, never an exception: a cluster without the guard
     * still works
     */
    static RetainedGuard build(Path runDirectory) {
        PluginCompiler.Outcome outcome = PluginCompiler.compile(runDirectory, NAME);
        return outcome.plugin().map(plugin -> new RetainedGuard(Optional.of(plugin), "Retained guard built (" + plugin
                + "): stale retained copies of a rejoining edge are refused")).orElseGet(() -> without(outcome.failure()));
    }

    /** What {@link #build} left in {@code runDirectory}, for a process that attaches to a running cluster. */
    static RetainedGuard existing(Path runDirectory) {
        Path plugin = PluginCompiler.pluginPath(runDirectory, NAME);
        return Files.isRegularFile(plugin) ? new RetainedGuard(Optional.of(plugin), "Retained guard in use (" + plugin + ")")
                : without("it was not built for this run");
    }

    /** A cluster started without the guard on purpose. */
    static RetainedGuard disabled() {
        return without("it was turned off");
    }

    private static RetainedGuard without(String reason) {
        return new RetainedGuard(Optional.empty(), "Retained guard not in use (" + reason
                + "): stale retained copies of a rejoining edge are healed by the SDK's origins instead, more slowly");
    }

    /** The plugin to load, when it was built. */
    public Optional<Path> plugin() {
        return plugin;
    }

    /** One sentence for people starting a cluster: in use, or why not. */
    public String summary() {
        return summary;
    }

    /** The config line that loads the plugin, or nothing. */
    String configLine() {
        return plugin.map(path -> "plugin " + path + "\n").orElse("");
    }
}
