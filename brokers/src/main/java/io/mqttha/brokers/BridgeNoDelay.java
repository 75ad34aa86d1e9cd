package io.mqttha.brokers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bridge nodelay plugin: a Mosquitto plugin (C source shipped in this jar) that turns Nagle's algorithm off
 * on the sockets a broker opens itself, its bridges. Mosquitto's {@code set_tcp_nodelay}, which every rendered
 * config sets, only reaches the sockets its listeners accept; a bridge's socket keeps Nagle's algorithm, holds a
 * small packet back until the relay's delayed acknowledgement 40 ms later, and a message that crosses the cluster
 * took 40–48 ms at the median instead of 4–8 ms (docs/benchmarks.md). The source's header says how it finds the
 * sockets and what that costs.
 *
 * <p>A local cluster builds it with the {@link RetainedGuard}, with the same compiler and headers; where they are
 * missing the cluster runs without it and says why: it works, with the slower bridges.
 */
public final class BridgeNoDelay {

    /** The plugin's name: its source is {@code NAME.c}, its build {@code NAME.so}. */
    static final String NAME = "mqtt_ha_bridge_nodelay";

    private final Optional<Path> plugin;
    private final String summary;

    private BridgeNoDelay(Optional<Path> plugin, String summary) {
        this.plugin = plugin;
        this.summary = summary;
    }

    /** Builds the plugin into the run directory; never throws. */
    static BridgeNoDelay build(Path runDirectory) {
        PluginCompiler.Outcome outcome = PluginCompiler.compile(runDirectory, NAME);
        return outcome.plugin().map(plugin -> new BridgeNoDelay(Optional.of(plugin), "Bridge nodelay built (" + plugin
                + "): bridges send without Nagle's 40 ms delays")).orElseGet(() -> without(outcome.failure()));
    }

    /** What {@link #build} left in {@code runDirectory}, for a process that attaches to a running cluster. */
    static BridgeNoDelay existing(Path runDirectory) {
        Path plugin = PluginCompiler.pluginPath(runDirectory, NAME);
        return Files.isRegularFile(plugin) ? new BridgeNoDelay(Optional.of(plugin), "Bridge nodelay in use (" + plugin + ")")
                : without("it was not built for this run");
    }

    private static BridgeNoDelay without(String reason) {
        return new BridgeNoDelay(Optional.empty(), "Bridge nodelay not in use (" + reason
                + "): bridges keep Nagle's algorithm, and cross-node messages wait up to 40 ms more");
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
