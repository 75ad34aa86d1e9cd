package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge nodelay plugin on the real nine brokers: every bridge's socket has Nagle's algorithm turned off,
 * the first one and the one a bridge opens after it moved to the standby relay. Mosquitto buffers its log while
 * it runs, so the logs are read once the cluster has stopped.
 */
class BridgeNoDelayIT {

    private static final Duration BRIDGES_MOVE = Duration.ofSeconds(15);

    @TempDir
    Path runDirectory;

    private LocalCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void everyBridgeSocketSendsWithoutNagleAlsoAfterItMovedToTheStandbyRelay() throws IOException {
        assertThat(cluster.bridgeNoDelay().plugin()).as(cluster.bridgeNoDelay().summary()).isPresent();
        ClusterDescription description = cluster.description();
        NodeSpec primary = description.primaryRelay();
        NodeSpec standby = description.standbyRelay();

        cluster.kill(primary.name());
        await().atMost(BRIDGES_MOVE).untilAsserted(() -> {
            for (NodeSpec edge : description.edges()) {
                assertThat(cluster.bridgedTo(edge.name())).as(edge.name()).contains(standby);
            }
        });
        cluster.close();

        List<String> missing = new ArrayList<>();
        for (NodeSpec edge : description.edges()) {
            String log = Files.readString(cluster.logFile(edge.name()));
            for (NodeSpec relay : List.of(primary, standby)) {
                String line = "turned Nagle's algorithm off on the connection to " + relay.address();
                if (!log.contains(line)) {
                    missing.add(edge.name() + ": " + line);
                }
            }
        }
        assertThat(Files.readString(cluster.logFile(standby.name())))
                .contains("turned Nagle's algorithm off on the connection to " + primary.address());
        assertThat(missing).isEmpty();
    }
}
