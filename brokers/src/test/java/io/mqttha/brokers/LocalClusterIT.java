package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.model.UnknownNodeException;
import io.mqttha.brokers.probe.NodeState;
import io.mqttha.brokers.security.AccessPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The real nine-broker cluster, as local Mosquitto processes on free ports. */
class LocalClusterIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path runDirectory;

    private LocalCluster cluster;
    private FanOutProbe probe;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory);
    }

    @AfterEach
    void stopCluster() {
        if (probe != null) {
            probe.close();
        }
        cluster.close();
    }

    private List<String> edgeNames() {
        return cluster.description().edges().stream().map(NodeSpec::name).toList();
    }

    private FanOutProbe probeEveryEdge() {
        probe = new FanOutProbe(cluster.description().edges(), cluster.login(AccessPolicy.OPERATOR));
        return probe;
    }

    @Test
    void everyNodeAnswersMqttOnceStarted() {
        assertThat(cluster.health()).hasSize(9).allSatisfy(health -> assertThat(health.state()).isEqualTo(NodeState.UP));
        for (NodeSpec edge : cluster.description().edges()) {
            assertThat(cluster.bridgedTo(edge.name())).contains(cluster.description().primaryRelay());
        }
        assertThat(cluster.bridgedTo("relay-b")).contains(cluster.description().primaryRelay());
    }

    @Test
    void qos1MessageFromAnyEdgeReachesEveryEdgeExactlyOnce() {
        FanOutProbe fanOut = probeEveryEdge();
        for (String origin : edgeNames()) {
            String payload = "from-" + origin;
            fanOut.publish(origin, payload);
            fanOut.assertExactlyOnce(edgeNames(), payload, DELIVERY_TIMEOUT);
        }
    }

    @Test
    void withAnyOneEdgeKilledTheOtherSixStillExchangeMessages() {
        FanOutProbe fanOut = probeEveryEdge();
        for (String killed : edgeNames()) {
            cluster.kill(killed);
            List<String> survivors = edgeNames().stream().filter(edge -> !edge.equals(killed)).toList();
            for (String origin : survivors) {
                String payload = killed + "-down-from-" + origin;
                fanOut.publish(origin, payload);
                fanOut.assertExactlyOnce(survivors, payload, DELIVERY_TIMEOUT);
            }
            cluster.restart(killed);
            cluster.awaitBridgesConnected(DELIVERY_TIMEOUT);
            probe.close();
            fanOut = probeEveryEdge();
        }
    }

    @Test
    void edgesFailOverToTheStandbyRelayAndStayThereWhenThePrimaryReturnsWithoutDuplicates() {
        FanOutProbe fanOut = probeEveryEdge();
        cluster.kill("relay-a");
        long killedAt = System.nanoTime();

        // A fresh message every 200 ms until one reaches all seven edges, which takes relay-b.
        boolean exchanged = false;
        while (!exchanged && System.nanoTime() - killedAt < Duration.ofSeconds(5).toNanos()) {
            String payload = "via-standby-" + UUID.randomUUID();
            fanOut.publish("node-1", payload);
            exchanged = arrivesEverywhere(fanOut, payload, Duration.ofMillis(200));
        }
        assertThat(exchanged).as("edges exchange messages again within 5 s of relay-a's death").isTrue();
        for (NodeSpec edge : cluster.description().edges()) {
            assertThat(cluster.bridgedTo(edge.name())).contains(cluster.description().standbyRelay());
        }

        cluster.restart("relay-a");
        cluster.awaitBridgesConnected(Duration.ofSeconds(10));
        for (NodeSpec edge : cluster.description().edges()) {
            assertThat(cluster.bridgedTo(edge.name())).as("no second move").contains(cluster.description().standbyRelay());
        }
        for (String origin : edgeNames()) {
            String payload = "primary-back-from-" + origin;
            fanOut.publish(origin, payload);
            fanOut.assertExactlyOnce(edgeNames(), payload, DELIVERY_TIMEOUT);
        }
    }

    @Test
    void pausedNodeIsReportedHungWithinFiveSecondsAndUpAfterResume() {
        cluster.pause("node-3");
        long pausedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.probe("node-3") == NodeState.HUNG);
        assertThat(Duration.ofNanos(System.nanoTime() - pausedAt)).isLessThan(Duration.ofSeconds(5));
        assertThat(cluster.health()).filteredOn(h -> h.node().name().equals("node-3"))
                .singleElement().satisfies(h -> assertThat(h.state()).isEqualTo(NodeState.HUNG));

        cluster.resume("node-3");
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.probe("node-3") == NodeState.UP);
    }

    @Test
    void killedNodeIsDownAndRestartBringsItBackOnItsPort() {
        long oldPid = cluster.pid("node-5").orElseThrow();
        cluster.kill("node-5");
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(cluster.probe("node-5")).isEqualTo(NodeState.DOWN);
        assertThat(cluster.pid("node-5")).isEmpty();

        cluster.restart("node-5");
        assertThat(cluster.probe("node-5")).isEqualTo(NodeState.UP);
        assertThat(cluster.pid("node-5")).isPresent().isNotEqualTo(java.util.Optional.of(oldPid));
    }

    @Test
    void stopAllLeavesNoneOfTheClusterProcessesRunning() {
        List<Long> pids = cluster.description().nodes().stream()
                .map(node -> cluster.pid(node.name()).orElseThrow())
                .toList();
        cluster.pause("relay-b");
        cluster.stopAll();
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse());
    }

    @Test
    void closeAlsoStopsANodeRestartedFromAnotherProcess() {
        LocalCluster elsewhere = LocalCluster.attach(runDirectory);
        elsewhere.restart("node-6");
        long restartedPid = elsewhere.pid("node-6").orElseThrow();
        assertThat(cluster.pid("node-6")).contains(restartedPid);

        cluster.close();
        // The node was started by this JVM (through the attached object), so after the kill it is this JVM's
        // zombie until the JDK's reaper thread collects it, and ProcessHandle counts zombies as alive.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ProcessHandle.of(restartedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    @Test
    void startRefusesAnOccupiedPortWithOneSentence(@TempDir Path otherRunDirectory) throws IOException {
        ClusterDescription other = ClusterDescription.standard().onFreePorts();
        NodeSpec node4 = other.node("node-4");
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName(node4.host()), node4.port()));
            assertThatThrownBy(() -> LocalCluster.start(other, otherRunDirectory))
                    .isInstanceOf(ClusterException.class)
                    .hasMessage("Port " + node4.port() + " on 127.0.0.1, which node-4 needs, is already in use: "
                            + "stop whatever listens there, then try again.");
        }
    }

    @Test
    void controllingAnUnknownOrStoppedNodeSaysWhy() {
        assertThatThrownBy(() -> cluster.kill("node-8"))
                .isInstanceOf(UnknownNodeException.class)
                .hasMessageStartingWith("Unknown node 'node-8'");
        cluster.kill("node-2");
        assertThatThrownBy(() -> cluster.pause("node-2"))
                .isInstanceOf(ClusterException.class)
                .hasMessage("node-2 is not running: start it with `./demo cluster restart node-2`.");
    }

    private boolean arrivesEverywhere(FanOutProbe fanOut, String payload, Duration timeout) {
        try {
            await().atMost(timeout).until(() -> fanOut.missing(edgeNames(), payload).isEmpty());
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }
}
