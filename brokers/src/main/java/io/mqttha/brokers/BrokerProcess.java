package io.mqttha.brokers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code mosquitto} process and its folder: started, signalled and stopped by its own process
 * handle, never by name. Not thread-safe: its owner serialises calls.
 */
final class BrokerProcess {

    /** Name of the process's log (its standard output and error) inside its folder. */
    static final String LOG_FILE_NAME = "mosquitto.log";

    private static final Duration EXIT_POLL_INTERVAL = Duration.ofMillis(5);

    private final String name;
    private final Path directory;
    private ProcessHandle handle;
    private boolean paused;

    BrokerProcess(String name, Path directory) {
        this.name = name;
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    Path logFile() {
        return directory.resolve(LOG_FILE_NAME);
    }

    boolean isRunning() {
        return handle != null && handle.isAlive();
    }

    boolean isPaused() {
        return paused && isRunning();
    }

    /** The running process. */
    Optional<ProcessHandle> handle() {
        return isRunning() ? Optional.of(handle) : Optional.empty();
    }

    /** Starts {@code mosquitto} with {@code arguments}, appending its output to the log. */
    void launch(Path mosquitto, List<String> arguments) {
        try {
            Files.createDirectories(directory);
            Process process = new ProcessBuilder(command(mosquitto, arguments))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    // Brokers left running after `./demo cluster up` must not hold a pipe to a JVM that has exited.
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            handle = process.toHandle();
            paused = false;
        } catch (IOException e) {
            throw new ClusterException("Could not start " + name + " with " + mosquitto + ": " + e.getMessage(), e);
        }
    }

    /** Takes over a process started elsewhere (found through a state file). */
    void adopt(ProcessHandle process, boolean processPaused) {
        handle = process;
        paused = processPaused;
    }

    /** Forgets the process, which has exited. */
    void clear() {
        handle = null;
        paused = false;
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    void kill(Duration timeout) {
        handle.destroyForcibly();
        awaitExit(timeout);
        clear();
    }

    /** SIGSTOP. */
    void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    void resume() {
        signal("CONT");
        paused = false;
    }

    /** Sends SIGTERM (and SIGCONT to a paused process, which keeps SIGTERM pending until it runs). */
    void requestStop() {
        handle.destroy();
        if (paused) {
            signal("CONT");
        }
    }

    /** Waits up to {@code grace} for a process asked to stop, then kills it. */
    void finishStop(Duration grace) {
        if (handle == null) {
            return;
        }
        if (!awaitExitQuietly(grace)) {
            handle.destroyForcibly();
            awaitExit(grace);
        }
        clear();
    }

    /** The last line the process wrote, for an error message. */
    String lastLogLine() {
        try {
            if (!Files.exists(logFile())) {
                return "no output";
            }
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(Path mosquitto, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(mosquitto.toString());
        command.addAll(arguments);
        return command;
    }

    private void awaitExit(Duration timeout) {
        if (!awaitExitQuietly(timeout)) {
            throw new ClusterException(name + " (pid " + handle.pid() + ") did not exit within " + timeout.toSeconds() + " s.");
        }
    }

    /**
     * Polls rather than using {@link ProcessHandle#onExit()}: for a process that is not this JVM's
     * child (a cluster found again through its state file) the JDK polls with a growing delay, which
     * made a kill take seconds to confirm.
     */
    private boolean awaitExitQuietly(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handle.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(EXIT_POLL_INTERVAL);
        }
        return true;
    }

    /** Java has no portable call for SIGSTOP/SIGCONT; {@code kill(1)} is on every POSIX system. */
    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(handle.pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (kill.waitFor() != 0) {
                throw new ClusterException("Could not send SIG" + signal + " to " + name + " (pid " + handle.pid() + "): " + output);
            }
        } catch (IOException e) {
            throw new ClusterException("Could not run kill(1) to signal " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while signalling " + name + ".", e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while waiting for a broker.", e);
        }
    }
}
