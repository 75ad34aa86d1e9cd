package io.mqttha.brokers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeRole;
import io.mqttha.brokers.probe.NodeState;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The run directory's record of a cluster left running, so that later commands find it again: which
 * process serves each node and what was last seen of its health.
 */
final class ClusterStateFile {

    /** Name of the file inside the run directory. */
    static final String FILE_NAME = "cluster.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The whole record. Times are ISO-8601 strings. */
    record State(String startedAt, String mosquitto, boolean tls, List<Node> nodes) {
    }

    /**
     * One node. {@code pid} and {@code processStart} are null while the node is stopped; the start
     * time guards against a recycled pid.
     */
    record Node(String name, NodeRole role, String host, int port, Long pid, String processStart,
                boolean paused, NodeState state, String since, String detail) {
    }

    private ClusterStateFile() {
    }

    static Path path(Path runDirectory) {
        return runDirectory.resolve(FILE_NAME);
    }

    static Optional<State> read(Path runDirectory) {
        Path file = path(runDirectory);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), State.class));
        } catch (IOException e) {
            throw new ClusterException("The cluster state in " + file + " is unreadable (" + e.getMessage()
                    + "): stop any brokers it started by hand, then delete the file.", e);
        }
    }

    /**
     * Which write of the file is on disk: every write replaces the file, so its identity and modification time
     * change with each one, whichever process made it.
     *
     * @return the version, empty when there is no file
     */
    static Optional<Object> version(Path runDirectory) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path(runDirectory), BasicFileAttributes.class);
            return Optional.of(List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ClusterException("Could not read the cluster state in " + path(runDirectory) + ": "
                    + e.getMessage(), e);
        }
    }

    static void write(Path runDirectory, State state) {
        Path file = path(runDirectory);
        try {
            Files.createDirectories(runDirectory);
            Path temporary = Files.createTempFile(runDirectory, FILE_NAME, ".tmp");
            Files.writeString(temporary, JSON.writeValueAsString(state));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cluster state is not serialisable", e);
        } catch (IOException e) {
            throw new ClusterException("Could not write the cluster state to " + file + ": " + e.getMessage(), e);
        }
    }

    static void delete(Path runDirectory) {
        try {
            Files.deleteIfExists(path(runDirectory));
        } catch (IOException e) {
            throw new ClusterException("Could not delete " + path(runDirectory) + ": " + e.getMessage(), e);
        }
    }
}
