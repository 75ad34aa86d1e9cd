package io.mqttha.brokers.security;

import io.mqttha.brokers.model.ClusterException;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code keytool}, run as a child process. The JDK 17 has no supported in-process entry point
 * for it (it is not a {@link java.util.spi.ToolProvider}, and its main class sits in a package that
 * {@code java.base} does not export), so each command costs one short JVM start.
 *
 * <p>Passwords reach keytool through its {@code -storepass:env} form, never as arguments: a command
 * line is readable by every local user through {@code ps}, a process's environment only by its owner.
 */
final class Keytool {

    /** A keytool command creates or signs one key; far longer means it hangs. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Each command lives well under a second, so the JIT's optimising tier only costs start-up time:
     * with C1 alone a command took about 350 ms instead of 500 ms on two cores.
     *
     * <p>The stores keytool writes here are private working stores, deleted once the files for
     * Mosquitto and Java are made, and their passwords are 144 random bits: PBKDF2's 10,000 default
     * iterations slow down guessing a password, which for these is hopeless anyway, while costing most
     * of what remains of a command (about 200 ms instead of 300 ms with one iteration). The stores
     * handed to users are written with the JDK's defaults.
     */
    private static final List<String> JVM_OPTIONS = List.of(
            "-J-XX:TieredStopAtLevel=1",
            "-J-Dkeystore.pkcs12.macIterationCount=1",
            "-J-Dkeystore.pkcs12.keyPbeIterationCount=1",
            "-J-Dkeystore.pkcs12.certPbeIterationCount=1");

    private final Path executable;
    private final Path workingDirectory;

    /**
     * Runs {@code executable} in {@code workingDirectory}, where relative file arguments resolve.
     */
    Keytool(Path executable, Path workingDirectory) {
        this.executable = executable;
        this.workingDirectory = workingDirectory;
    }

    /**
     * The keytool of the running JDK.
     *
     * @throws ClusterException when neither the running JDK nor {@code JAVA_HOME} has one
     */
    static Path locate() {
        return locate(ProcessHandle.current().info().command(), System.getProperty("java.home"), System.getenv("JAVA_HOME"));
    }

    /**
     * The keytool next to {@code javaCommand} (the running {@code java}), else in {@code javaHome}
     * (the {@code java.home} property, the same JDK seen from inside), else in {@code javaHomeVariable}.
     */
    static Path locate(Optional<String> javaCommand, String javaHome, String javaHomeVariable) {
        String fileName = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "keytool.exe" : "keytool";
        List<Path> candidates = new ArrayList<>();
        javaCommand.map(Path::of).map(Path::getParent).ifPresent(bin -> candidates.add(bin.resolve(fileName)));
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome, "bin", fileName));
        }
        if (javaHomeVariable != null && !javaHomeVariable.isBlank()) {
            candidates.add(Path.of(javaHomeVariable, "bin", fileName));
        }
        return candidates.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new ClusterException("keytool was not found next to the running java or in JAVA_HOME (looked for "
                        + (candidates.isEmpty() ? fileName : candidates.stream().map(Path::toString).distinct().toList())
                        + "): run on a full JDK, or set JAVA_HOME to one."));
    }

    /**
     * Runs one keytool command and waits for it.
     *
     * @param purpose   what the command does, for the error message, for example {@code sign the certificate of node-3}
     * @param passwords environment variables to set, by name, for the command's {@code -storepass:env NAME} options
     * @param arguments the command and its options
     * @throws ClusterException when keytool fails, with its own last line of output
     */
    void run(String purpose, Map<String, char[]> passwords, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        passwords.forEach((name, password) -> builder.environment().put(name, new String(password)));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ClusterException("Could not start " + executable + " to " + purpose + ": " + e.getMessage(), e);
        }
        try {
            // Every password comes from the environment; a keytool that still asks must see end of input, not hang.
            process.getOutputStream().close();
            // keytool writes little, so reading it all before waiting cannot fill the pipe and block it.
            String output = new String(process.getInputStream().readAllBytes(), Charset.defaultCharset());
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new ClusterException("keytool did not " + purpose + " within " + COMMAND_TIMEOUT.toSeconds() + " s.");
            }
            if (process.exitValue() != 0) {
                throw new ClusterException("keytool could not " + purpose + ": " + lastLine(output) + ".");
            }
        } catch (IOException e) {
            throw new ClusterException("Could not read the output of keytool while trying to " + purpose + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while keytool was trying to " + purpose + ".", e);
        } finally {
            // Only reached alive after a timeout, an interruption or a read failure.
            process.destroyForcibly();
        }
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no output";
        }
        String last = lines.get(lines.size() - 1);
        // keytool prefixes its failures with "keytool error: java.lang.Exception: …"; the reason is what matters.
        return last.replaceFirst("^keytool error: (?:[\\w.]+Exception: )?", "").replaceFirst("\\.$", "");
    }
}
