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
 * Compiles one of the Mosquitto plugins whose C source ships in this jar into a run directory, with the
 * machine's C compiler against Mosquitto's plugin headers (Debian and Ubuntu: {@code mosquitto-dev} and
 * {@code libmosquitto-dev}; Homebrew's {@code mosquitto} has them).
 */
final class PluginCompiler {

    /** The environment variable that names the C compiler; {@code cc} on PATH otherwise. */
    static final String COMPILER_VARIABLE = "CC";
    /** The folder of the run directory the plugins are built in. */
    static final String DIRECTORY_NAME = "plugins";

    private static final String SOURCE_FOLDER = "plugins/";
    private static final long COMPILE_TIMEOUT_SECONDS = 60;
    private static final List<String> HEADER_FOLDERS = List.of("/opt/homebrew/include", "/usr/local/include");

    /** What a build left: the plugin, or why there is none. */
    record Outcome(Optional<Path> plugin, String failure) {
    }

    private PluginCompiler() {
    }

    /** Where {@link #compile} puts the plugin named {@code name} ({@code name.c} in, {@code name.so} out). */
    static Path pluginPath(Path runDirectory, String name) {
        return runDirectory.resolve(DIRECTORY_NAME).resolve(name + ".so");
    }

    /** Compiles {@code name.c}; never throws: a cluster without a plugin still works. */
    static Outcome compile(Path runDirectory, String name) {
        Path folder = runDirectory.resolve(DIRECTORY_NAME);
        Path source = folder.resolve(name + ".c");
        Path plugin = pluginPath(runDirectory, name);
        String compiler = Optional.ofNullable(System.getenv(COMPILER_VARIABLE)).filter(value -> !value.isBlank()).orElse("cc");
        try (InputStream shipped = PluginCompiler.class.getResourceAsStream(SOURCE_FOLDER + name + ".c")) {
            if (shipped == null) {
                return failed("its source is missing from the brokers jar");
            }
            Files.createDirectories(folder);
            Files.write(source, shipped.readAllBytes());
        } catch (IOException e) {
            return failed("its source could not be written to " + folder + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of(compiler, "-shared", "-fPIC", "-O2"));
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            // The plugin calls into the broker, which only exists once Mosquitto loads it.
            command.addAll(List.of("-undefined", "dynamic_lookup"));
        }
        HEADER_FOLDERS.stream().filter(header -> Files.isDirectory(Path.of(header))).forEach(header -> command.add("-I" + header));
        command.addAll(List.of("-o", plugin.toString(), source.toString()));
        Path output = folder.resolve(name + ".build.log");
        try {
            Process compile = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!compile.waitFor(COMPILE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                compile.destroyForcibly();
                return failed(compiler + " did not finish within " + COMPILE_TIMEOUT_SECONDS + " s");
            }
            if (compile.exitValue() != 0) {
                return failed(explain(Files.readString(output, StandardCharsets.UTF_8), compiler, output));
            }
        } catch (IOException e) {
            return failed("no C compiler: " + compiler + " could not be run (" + e.getMessage()
                    + "); install one (Debian/Ubuntu: gcc) or set " + COMPILER_VARIABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("its build was interrupted");
        }
        return new Outcome(Optional.of(plugin), "");
    }

    private static Outcome failed(String reason) {
        return new Outcome(Optional.empty(), reason);
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
}
