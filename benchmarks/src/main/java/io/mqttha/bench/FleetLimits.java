package io.mqttha.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a fleet of a given size needs of this machine, checked before anything starts so that a fleet too large
 * stops with one sentence and leaves no broker or client behind.
 */
final class FleetLimits {

    /**
     * Open files per client in this JVM, and per client at the busiest broker: the main and standby connections
     * and a probe in flight, rounded up.
     */
    static final int FILES_PER_CLIENT = 3;
    /** Files the JVM and each broker use besides the fleet's connections: jars, logs, listeners, bridges. */
    static final int BASE_FILES = 256;
    /** Heap one client may take while it runs, on the generous side. */
    static final long HEAP_PER_CLIENT = 512 * 1024;

    private FleetLimits() {
    }

    /**
     * The first limit {@code clients} would break, as a sentence.
     *
     * @param openFiles the soft limit of open files, which the brokers inherit; empty where unknown
     * @param maxHeap   the JVM's largest heap
     */
    static Optional<String> problem(int clients, OptionalLong openFiles, long maxHeap) {
        long files = (long) clients * FILES_PER_CLIENT + BASE_FILES;
        if (openFiles.isPresent() && files > openFiles.getAsLong()) {
            return Optional.of(String.format("--clients %d needs about %,d open files in this JVM and at a broker "
                    + "that holds them all, but the limit is %,d (ulimit -n): raise it or use fewer clients.",
                    clients, files, openFiles.getAsLong()));
        }
        long heap = clients * HEAP_PER_CLIENT;
        if (heap > maxHeap) {
            return Optional.of(String.format("--clients %d needs about %,d MiB of heap, but this JVM may use %,d MiB: "
                    + "raise -Xmx (JAVA_OPTS) or use fewer clients.", clients, heap >> 20, maxHeap >> 20));
        }
        return Optional.empty();
    }

    /** The soft limit of open files of this process, from {@code /proc/self/limits}. */
    static OptionalLong openFiles() {
        Path limits = Path.of("/proc/self/limits");
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
