package io.mqttha.brokers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops this JVM's child processes when the JVM exits in any way, SIGKILL and a lost display included, where no
 * shutdown hook runs. A watcher process, started at the first {@link #hold}, is told on its standard input which
 * processes are held; when that input ends, because this JVM is gone, it stops those still held: SIGTERM (and
 * SIGCONT, for a paused one), then SIGKILL after {@link #STOP_GRACE}. The owners' shutdown hooks still stop their
 * processes in order first and release them; the watcher is the net under them. Thread-safe.
 */
public final class ProcessLeash {

    /** How long the watcher lets a held process stop after SIGTERM before it sends SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLeash.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** A watcher holds a few process handles: the smallest heap and quickest start will do. */
    private static final List<String> WATCHER_JVM_OPTIONS =
            List.of("-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k");
    private static final ProcessLeash SHARED = new ProcessLeash();

    private Writer watcherInput;
    private boolean broken;

    private ProcessLeash() {
    }

    /** This JVM's leash. */
    public static ProcessLeash shared() {
        return SHARED;
    }

    /** Stops {@code process} when this JVM exits, unless it is {@linkplain #release released} first. */
    public synchronized void hold(ProcessHandle process) {
        tell("hold " + process.pid());
    }

    /** Lets {@code process} outlive this JVM, or forgets it once it has stopped. */
    public synchronized void release(ProcessHandle process) {
        if (watcherInput != null) {
            tell("release " + process.pid());
        }
    }

    private void tell(String line) {
        if (broken) {
            return;
        }
        try {
            if (watcherInput == null) {
                watcherInput = startWatcher();
            }
            watcherInput.write(line + "\n");
            watcherInput.flush();
        } catch (IOException e) {
            broken = true;
            LOG.warn("The watcher that stops this JVM's child processes when it dies is gone ({}): if this JVM is "
                    + "killed, its brokers and publishers keep running", e.getMessage());
        }
    }

    /**
     * Its own session where {@code setsid(1)} exists, so that Ctrl-C in the terminal reaches only the JVM, which
     * stops its children in order, and not the watcher meanwhile. Its input is a pipe that only this JVM holds: a
     * child the JVM starts closes every descriptor but its own three.
     */
    private static Writer startWatcher() throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(WATCHER_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Watcher.class.getName()));
        Process watcher = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new OutputStreamWriter(watcher.getOutputStream(), StandardCharsets.US_ASCII);
    }

    /** The watcher process: reads {@code hold PID} and {@code release PID} lines until its input ends. */
    public static final class Watcher {

        private static final Duration EXIT_POLL_INTERVAL = Duration.ofMillis(20);

        private Watcher() {
        }

        /**
         * Runs the watcher.
         *
         * @param args none
         * @throws IOException if its input cannot be read
         */
        public static void main(String[] args) throws IOException {
            // A handle keeps the process's start time, so a pid recycled meanwhile is neither signalled nor waited for.
            Map<Long, ProcessHandle> held = new HashMap<>();
            BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line = input.readLine(); line != null; line = input.readLine()) {
                String[] words = line.split(" ");
                if (words.length != 2) {
                    continue;
                }
                long pid = Long.parseLong(words[1]);
                if (words[0].equals("hold")) {
                    ProcessHandle.of(pid).ifPresent(process -> held.put(pid, process));
                } else {
                    held.remove(pid);
                }
            }
            stop(held.values());
        }

        private static void stop(Iterable<ProcessHandle> processes) {
            List<ProcessHandle> alive = new ArrayList<>();
            for (ProcessHandle process : processes) {
                if (process.destroy()) {
                    alive.add(process);
                    signal("CONT", process);
                }
            }
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            while (alive.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                sleep();
            }
            alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        /** A stopped process keeps SIGTERM pending until it runs again; Java has no call for SIGCONT. */
        private static void signal(String signal, ProcessHandle process) {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                // Then SIGKILL after the grace period ends a paused process.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(EXIT_POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
