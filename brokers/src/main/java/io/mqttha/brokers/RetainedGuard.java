package io.mqttha.brokers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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

    /** The plugin's file name inside the run directory. */
    public static final String FILE_NAME = "mqtt_ha_retained_guard.so";
    /** The environment variable that names the C compiler; {@code cc} on PATH otherwise. */
    public static final String COMPILER_VARIABLE = "CC";

    private static final String SOURCE = "guard/mqtt_ha_retained_guard.c";
    private static final String DIRECTORY_NAME = "guard";
    private static final long COMPILE_TIMEOUT_SECONDS = 60;
    private static final List<String> HEADER_FOLDERS = List.of("/opt/homebrew/include", "/usr/local/include");

    private final Optional<Path> plugin;
    private final String summary;

    private RetainedGuard(Optional<Path> plugin, String summary) {
        this.plugin = plugin;
        this.summary = summary;
    }

    /**
     * Builds the plugin into {@code runDirectory/guard}.
     *
     * @return the built plugin, or none with the reason, never an exception: a cluster without the guard
     * still works
     */
    static RetainedGuard build(Path runDirectory) {
        Path folder = runDirectory.resolve(DIRECTORY_NAME);
        Path source = folder.resolve("mqtt_ha_retained_guard.c");
        Path plugin = folder.resolve(FILE_NAME);
        String compiler = Optional.ofNullable(System.getenv(COMPILER_VARIABLE)).filter(value -> !value.isBlank()).orElse("cc");
        try (InputStream shipped = RetainedGuard.class.getResourceAsStream(SOURCE)) {
            if (shipped == null) {
                return without("its source is missing from the brokers jar");
            }
            Files.createDirectories(folder);
            Files.write(source, shipped.readAllBytes());
        } catch (IOException e) {
            return without("its source could not be written to " + folder + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of(compiler, "-shared", "-fPIC", "-O2"));
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            // The plugin calls into the broker, which only exists once Mosquitto loads it.
            command.addAll(List.of("-undefined", "dynamic_lookup"));
        }
        HEADER_FOLDERS.stream().filter(header -> Files.isDirectory(Path.of(header))).forEach(header -> command.add("-I" + header));
        command.addAll(List.of("-o", plugin.toString(), source.toString()));
        Path output = folder.resolve("build.log");
        try {
            Process compile = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!compile.waitFor(COMPILE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                compile.destroyForcibly();
                return without(compiler + " did not finish within " + COMPILE_TIMEOUT_SECONDS + " s");
            }
            if (compile.exitValue() != 0) {
                return without(explain(Files.readString(output, StandardCharsets.UTF_8), compiler, output));
            }
        } catch (IOException e) {
            return without("no C compiler: " + compiler + " could not be run (" + e.getMessage()
                    + "); install one (Debian/Ubuntu: gcc) or set " + COMPILER_VARIABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return without("its build was interrupted");
        }
        return new RetainedGuard(Optional.of(plugin), "Retained guard built (" + plugin
                + "): stale retained copies of a rejoining edge are refused");
    }

    /** What {@link #build} left in {@code runDirectory}, for a process that attaches to a running cluster. */
    static RetainedGuard existing(Path runDirectory) {
        Path plugin = runDirectory.resolve(DIRECTORY_NAME).resolve(FILE_NAME);
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

    private static String explain(String compilerOutput, String compiler, Path log) {
        if (compilerOutput.contains("mosquitto_broker.h") || compilerOutput.contains("mosquitto.h")
                || compilerOutput.contains("mqtt_protocol.h")) {
            return "Mosquitto's plugin headers are missing: install mosquitto-dev and libmosquitto-dev (Debian/Ubuntu)"
                    + " or mosquitto (Homebrew)";
        }
        String firstLine = compilerOutput.lines().filter(line -> !line.isBlank()).findFirst().orElse("no output");
        return compiler + " failed: " + firstLine + " (all of it in " + log + ")";
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
