package io.mqttha.brokers.testing;

import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A fresh local cluster on free ports for every test, stopped after it by its own process handles, pass
 * or fail, together with every {@link AutoCloseable} the test registered (clients first, then brokers).
 * The brokers' configs and logs are deleted after a passing test and kept, with their folder printed,
 * after a failing one.
 *
 * <pre>
 * &#64;RegisterExtension
 * final LocalClusterExtension cluster = new LocalClusterExtension();
 * </pre>
 */
public final class LocalClusterExtension implements BeforeEachCallback, AfterEachCallback {

    private final ClusterOptions options;
    private LocalCluster cluster;
    private Path runDirectory;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** Clusters with {@link ClusterOptions#defaults()}. */
    public LocalClusterExtension() {
        this(ClusterOptions.defaults());
    }

    /** Clusters started with {@code options}, for example without the retained guard. */
    public LocalClusterExtension(ClusterOptions options) {
        this.options = options;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        runDirectory = Files.createTempDirectory("mqtt-ha-it-");
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory.resolve("cluster"), options);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        closeables.clear();
        cluster.close();
        if (context.getExecutionException().isPresent() || first != null) {
            System.err.println("Broker configs and logs of " + context.getDisplayName() + " kept in " + runDirectory);
        } else {
            deleteRecursively(runDirectory);
        }
        if (first != null) {
            throw first;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The running cluster of the current test. */
    public LocalCluster get() {
        return cluster;
    }

    /** The cluster's description, with the ports it runs on. */
    public ClusterDescription description() {
        return cluster.description();
    }

    /** A folder of the current test for other processes' files; it sits beside the cluster's. */
    public Path runDirectory(String name) {
        try {
            return Files.createDirectories(runDirectory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes {@code resource} after the test, before the cluster stops; returns it. */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        closeables.add(resource);
        return resource;
    }
}
