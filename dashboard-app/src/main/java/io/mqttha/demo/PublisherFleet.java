package io.mqttha.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mqttha.brokers.ManagedProcess;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.publisher.PublisherMain;
import io.mqttha.publisher.PublisherTopics;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The seven publisher nodes, each its own JVM process so that killing a node can take its whole
 * broker–publisher pair down. Like the cluster, the fleet keeps a state file in its run directory, so
 * {@code ./demo publishers kill 3} reaches a publisher that a running demo started.
 *
 * <p>Not thread-safe; the command line and the demo call it from one thread.
 */
public final class PublisherFleet implements AutoCloseable {

    /** Name of the state file in the run directory. */
    public static final String STATE_FILE_NAME = "publishers.json";
    /** How long a publisher may take to stop cleanly after SIGTERM (it flushes and publishes offline). */
    public static final Duration STOP_GRACE = PublisherMain.STOP_GRACE.plusSeconds(5);
    /** Name of the owner-only file in a publisher's folder that holds its password. */
    public static final String PASSWORD_FILE_NAME = "password";
    /** JVM options that keep seven publisher JVMs light on a small machine. */
    public static final List<String> PUBLISHER_JVM_OPTIONS =
            List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The state file's record of one publisher. */
    record Recorded(int index, Long pid, String processStart) {
    }

    /** The state file. */
    record State(String brokers, List<Recorded> publishers) {
    }

    private final Path runDirectory;
    private final String brokers;
    private final List<String> publisherArguments;
    private final Optional<ClusterSecrets> secrets;
    private final Map<Integer, ManagedProcess> processes = new LinkedHashMap<>();
    private boolean owner;

    private PublisherFleet(Path runDirectory, String brokers, int count, List<String> publisherArguments,
                           Optional<ClusterSecrets> secrets, boolean owner) {
        this.runDirectory = runDirectory.toAbsolutePath();
        this.brokers = brokers;
        this.publisherArguments = List.copyOf(publisherArguments);
        this.secrets = secrets;
        this.owner = owner;
        for (int index = 1; index <= count; index++) {
            String name = PublisherTopics.publisherName(index);
            processes.put(index, new ManagedProcess(name, this.runDirectory.resolve(name), "publisher.log"));
        }
    }

    /**
     * A fleet of {@code count} publishers for {@code brokers}, none started yet; closing it stops every
     * publisher it knows of.
     *
     * @param publisherArguments extra options for every publisher, for example {@code --rate-qos1 50}
     * @param secrets            the cluster's logins: publisher-N logs in as {@code publisher-N}; empty for a
     *                           cluster that admits anonymous clients
     */
    public static PublisherFleet create(Path runDirectory, String brokers, int count, List<String> publisherArguments,
                                        Optional<ClusterSecrets> secrets) {
        PublisherFleet fleet = new PublisherFleet(runDirectory, brokers, count, publisherArguments, secrets, true);
        fleet.adoptFromStateFile();
        return fleet;
    }

    /**
     * The fleet whose state file is in {@code runDirectory}; closing it leaves the publishers running.
     *
     * @throws ClusterException when there is none
     */
    public static PublisherFleet attach(Path runDirectory) {
        State state = read(runDirectory.toAbsolutePath()).orElseThrow(() -> new ClusterException(
                "No publishers were started from " + runDirectory.toAbsolutePath()
                        + ": start them with `./demo publishers start`."));
        PublisherFleet fleet = new PublisherFleet(runDirectory, state.brokers(), state.publishers().size(), List.of(),
                Optional.empty(), false);
        fleet.adoptFromStateFile();
        return fleet;
    }

    /**
     * Makes every publisher of this fleet stop when this JVM exits in any way, SIGKILL included, as the demo's
     * publishers do; without it they outlive the JVM that started them, as {@code ./demo publishers start} leaves them.
     */
    public void stopWithThisJvm() {
        processes.values().forEach(process -> process.stopWithThisJvm(true));
    }

    /** The publisher numbers, 1 to the fleet's size. */
    public List<Integer> indexes() {
        return List.copyOf(processes.keySet());
    }

    /** Starts publisher {@code index} unless it runs. */
    public void start(int index) {
        ManagedProcess process = process(index);
        adoptFromStateFile();
        if (process.isRunning()) {
            return;
        }
        List<String> arguments = new ArrayList<>(PUBLISHER_JVM_OPTIONS);
        arguments.addAll(List.of("-cp", absoluteClassPath(), PublisherMain.class.getName(),
                "--node-id", Integer.toString(index), "--brokers", brokers));
        passwordFile(index).ifPresent(file -> arguments.addAll(List.of("--password-file", file.toString())));
        arguments.addAll(publisherArguments);
        process.launch(Path.of(System.getProperty("java.home"), "bin", "java"), arguments);
        save();
    }

    /**
     * The file holding publisher {@code index}'s password, written owner-only from the fleet's secrets; a
     * fleet found again through its state file reuses the one written when it was created.
     */
    private Optional<Path> passwordFile(int index) {
        Path file = process(index).directory().resolve(PASSWORD_FILE_NAME);
        if (secrets.isPresent()) {
            try {
                ClusterSecrets.writeOwnerOnly(file, secrets.get().login(AccessPolicy.publisherName(index)).password());
            } catch (IOException e) {
                throw new ClusterException("Could not write the password file of publisher-" + index + ": " + e.getMessage(), e);
            }
        }
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Stops publisher {@code index} cleanly: SIGTERM, so it flushes and publishes {@code offline}.
     *
     * @return its exit code when this fleet started it, empty when another process did
     */
    public Optional<Integer> stop(int index) {
        ManagedProcess process = requireRunning(index);
        process.requestStop();
        process.finishStop(STOP_GRACE);
        save();
        return process.exitCode();
    }

    /** Kills publisher {@code index} with SIGKILL: its last will turns its status {@code offline}. */
    public void kill(int index) {
        requireRunning(index).kill(STOP_GRACE);
        save();
    }

    /** Freezes publisher {@code index} with SIGSTOP: it stops heartbeating, and its broker fires its last will. */
    public void pause(int index) {
        requireRunning(index).pause();
    }

    /** Lets a paused publisher {@code index} run again with SIGCONT. */
    public void resume(int index) {
        requireRunning(index).resume();
    }

    /** Stops publisher {@code index} cleanly if it runs, then starts it again. */
    public void restart(int index) {
        if (pid(index).isPresent()) {
            stop(index);
        }
        start(index);
    }

    /** The process id of publisher {@code index}, empty while it is stopped. */
    public Optional<Long> pid(int index) {
        adoptFromStateFile();
        return process(index).handle().map(ProcessHandle::pid);
    }

    /** The log of publisher {@code index}. */
    public Path logFile(int index) {
        return process(index).logFile();
    }

    /** Stops every running publisher cleanly, in parallel, and forgets the fleet. */
    public void stopAll() {
        adoptFromStateFile();
        for (ManagedProcess process : processes.values()) {
            if (process.isRunning()) {
                process.requestStop();
            }
        }
        for (ManagedProcess process : processes.values()) {
            process.finishStop(STOP_GRACE);
        }
        try {
            Files.deleteIfExists(runDirectory.resolve(STATE_FILE_NAME));
        } catch (IOException e) {
            throw new ClusterException("Could not delete " + runDirectory.resolve(STATE_FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /** Stops every publisher when this fleet was created here, leaves them running when attached. */
    @Override
    public void close() {
        if (owner) {
            owner = false;
            stopAll();
        }
    }

    /** This JVM's class path, absolute: publishers run in folders of their own. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private ManagedProcess process(int index) {
        ManagedProcess process = processes.get(index);
        if (process == null) {
            throw new ClusterException("Unknown publisher " + index + ": publishers are numbered 1 to " + processes.size() + ".");
        }
        return process;
    }

    private ManagedProcess requireRunning(int index) {
        ManagedProcess process = process(index);
        adoptFromStateFile();
        if (!process.isRunning()) {
            throw new ClusterException(PublisherTopics.publisherName(index)
                    + " is not running: start it with `./demo publishers start " + index + "`.");
        }
        return process;
    }

    private void adoptFromStateFile() {
        read(runDirectory).ifPresent(state -> {
            for (Recorded recorded : state.publishers()) {
                ManagedProcess process = processes.get(recorded.index());
                if (process != null) {
                    ManagedProcess.find(recorded.pid(), recorded.processStart())
                            .ifPresent(handle -> process.adopt(handle, false));
                }
            }
        });
    }

    private void save() {
        List<Recorded> recorded = new ArrayList<>();
        processes.forEach((index, process) -> recorded.add(new Recorded(index,
                process.handle().map(ProcessHandle::pid).orElse(null), process.processStart().orElse(null))));
        try {
            Files.createDirectories(runDirectory);
            Files.writeString(runDirectory.resolve(STATE_FILE_NAME), JSON.writeValueAsString(new State(brokers, recorded)));
        } catch (IOException e) {
            throw new ClusterException("Could not write " + runDirectory.resolve(STATE_FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<State> read(Path runDirectory) {
        Path file = runDirectory.resolve(STATE_FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), State.class));
        } catch (IOException e) {
            throw new ClusterException("The publisher state in " + file + " is unreadable (" + e.getMessage()
                    + "): stop its publishers by hand, then delete the file.", e);
        }
    }
}
