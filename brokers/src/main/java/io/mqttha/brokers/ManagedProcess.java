package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterException;

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
import java.util.concurrent.TimeUnit;

/**
 * One child process of the demo (a broker, a publisher) and its folder: started, signalled and
 * stopped by its own process handle, never by name, and found again from another JVM by its pid and
 * start time, which together guard against a recycled pid. Not thread-safe: its owner serialises calls.
 */
public final class ManagedProcess {

    private static final Duration EXIT_POLL_INTERVAL = Duration.ofMillis(5);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration EXIT_STATUS_WAIT = Duration.ofSeconds(1);

    private final String name;
    private final Path directory;
    private final String logFileName;
    private ProcessHandle handle;
    /** The last process this object started itself; unlike a handle it knows its exit code. */
    private Process started;
    private boolean paused;
    /** Whether this JVM's exit, in any way, stops the process ({@link ProcessLeash}). */
    private boolean stopsWithThisJvm;

    /**
     * A process not started yet.
     *
     * @param name        how messages name it, for example {@code node-3}
     * @param directory   its working directory
     * @param logFileName the file in {@code directory} that receives its standard output and error
     */
    public ManagedProcess(String name, Path directory, String logFileName) {
        this.name = name;
        this.directory = directory;
        this.logFileName = logFileName;
    }

    /**
     * The live process recorded as {@code pid} with start time {@code processStart}, if it still runs
     * and is the same process.
     */
    public static Optional<ProcessHandle> find(Long pid, String processStart) {
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ManagedProcess::isAlive)
                .filter(handle -> handle.info().startInstant()
                        .map(start -> start.toString().equals(processStart))
                        .orElse(true));
    }

    /** The start time of the running process as recorded for {@link #find}; empty while stopped. */
    public Optional<String> processStart() {
        return handle().flatMap(process -> process.info().startInstant()).map(Object::toString);
    }

    /** Its working directory. */
    public Path directory() {
        return directory;
    }

    /** The file that receives its standard output and error. */
    public Path logFile() {
        return directory.resolve(logFileName);
    }

    /** Whether the process is alive. */
    public boolean isRunning() {
        return handle != null && isAlive(handle);
    }

    /**
     * Whether a process runs. A killed process whose parent has exited stays a zombie until the system
     * reaps it, which in a container can take seconds, and {@link ProcessHandle#isAlive()} counts zombies
     * as alive; on Linux {@code /proc} tells them apart.
     */
    private static boolean isAlive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String content = Files.readString(stat);
            // The state follows the parenthesised command name, which may itself contain spaces or parentheses.
            int afterName = content.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= content.length() || content.charAt(afterName + 2) != 'Z';
        } catch (IOException e) {
            // Without /proc (macOS) the JDK's answer stands; with it, a vanished entry means the process is gone.
            return !Files.isDirectory(Path.of("/proc"));
        }
    }

    /** Whether the process is alive and paused with SIGSTOP. */
    public boolean isPaused() {
        return paused && isRunning();
    }

    /** The running process. */
    public Optional<ProcessHandle> handle() {
        return isRunning() ? Optional.of(handle) : Optional.empty();
    }

    /**
     * Makes the process, the running one and every later one, stop when this JVM exits in any way, SIGKILL
     * included ({@link ProcessLeash}), or lets it outlive this JVM, as {@code ./demo cluster up} leaves its brokers.
     * Off unless set.
     */
    public void stopWithThisJvm(boolean stops) {
        if (stops != stopsWithThisJvm && isRunning()) {
            if (stops) {
                ProcessLeash.shared().hold(handle);
            } else {
                ProcessLeash.shared().release(handle);
            }
        }
        stopsWithThisJvm = stops;
    }

    /** Starts {@code executable} with {@code arguments}, appending its output to the log. */
    public void launch(Path executable, List<String> arguments) {
        try {
            Files.createDirectories(directory);
            Process process = new ProcessBuilder(command(executable, arguments))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    // Processes left running after `./demo cluster up` must not hold a pipe to a JVM that has exited.
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            started = process;
            handle = process.toHandle();
            paused = false;
            if (stopsWithThisJvm) {
                ProcessLeash.shared().hold(handle);
            }
        } catch (IOException e) {
            throw new ClusterException("Could not start " + name + " with " + executable + ": " + e.getMessage(), e);
        }
    }

    /**
     * The exit code of the last process this object started, once it has exited; empty while it runs or
     * when the process was started by another JVM.
     */
    public Optional<Integer> exitCode() {
        if (started == null || isRunning()) {
            return Optional.empty();
        }
        try {
            // The process may be gone (a zombie) a moment before the JDK has collected its exit status.
            return started.waitFor(EXIT_STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(started.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Takes over a process started elsewhere (found through a state file). */
    public void adopt(ProcessHandle process, boolean processPaused) {
        if (stopsWithThisJvm && !process.equals(handle)) {
            ProcessLeash.shared().hold(process);
        }
        handle = process;
        paused = processPaused;
    }

    /** Forgets the process, which has exited. */
    public void clear() {
        if (stopsWithThisJvm && handle != null) {
            ProcessLeash.shared().release(handle);
        }
        handle = null;
        paused = false;
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    public void kill(Duration timeout) {
        handle.destroyForcibly();
        awaitExit(timeout);
        clear();
    }

    /** SIGSTOP. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    /** Sends SIGTERM (and SIGCONT to a paused process, which keeps SIGTERM pending until it runs). */
    public void requestStop() {
        handle.destroy();
        if (paused) {
            signal("CONT");
        }
    }

    /** Waits up to {@code grace} for a process asked to stop, then kills it. */
    public void finishStop(Duration grace) {
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
    public String lastLogLine() {
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

    /**
     * Runs the child in a session of its own where {@code setsid(1)} exists (Linux): Ctrl-C in the
     * terminal of a foreground demo then reaches only the demo, which stops its children in order
     * (publishers first, so that they can still publish {@code offline}), instead of every child at
     * once. A child of a JVM is never a process-group leader, so {@code setsid} execs it in place and
     * the process id stays the child's.
     */
    private static List<String> command(Path executable, List<String> arguments) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(executable.toString());
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
        while (isAlive(handle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(EXIT_POLL_INTERVAL);
        }
        awaitReaped();
        return true;
    }

    /**
     * A child of this JVM stays a zombie, still counted alive by {@link ProcessHandle#isAlive()}, until the
     * JDK's reaper thread collects its exit status; waiting for that too means a stopped process is gone
     * for every observer when a stop returns.
     */
    private void awaitReaped() {
        if (started == null || started.pid() != handle.pid()) {
            return;
        }
        try {
            started.waitFor(EXIT_STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** Sleeps, turning an interruption into a {@link ClusterException} (and keeping the flag). */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while waiting for a process.", e);
        }
    }
}
