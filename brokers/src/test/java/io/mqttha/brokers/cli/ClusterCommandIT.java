package io.mqttha.brokers.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.ClusterSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code cluster} command line against a real cluster left running, as {@code ./demo cluster up}
 * leaves it, but on free ports.
 */
class ClusterCommandIT {

    @TempDir
    Path runDirectory;

    private final List<Long> startedPids = new ArrayList<>();
    private ClusterDescription description;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void startDetachedCluster() {
        description = ClusterDescription.standard().onFreePorts();
        LocalCluster cluster = LocalCluster.start(description, runDirectory);
        for (NodeSpec node : description.nodes()) {
            startedPids.add(cluster.pid(node.name()).orElseThrow());
        }
        cluster.detach();
    }

    @AfterEach
    void stopEverythingStarted() {
        if (Files.exists(runDirectory.resolve("cluster.json"))) {
            LocalCluster.attach(runDirectory).stopAll();
        }
        for (long pid : startedPids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of("--run-dir", runDirectory.toString()));
        arguments.addAll(List.of(args));
        int exitCode = new CommandLine(new ClusterCommand())
                .setExecutionExceptionHandler(new ClearErrorMessages())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(arguments.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void statusJsonListsEveryNodeWithNameRoleHostPortAndState() throws Exception {
        Run status = run("status", "--json");
        assertThat(status.exitCode()).isZero();
        JsonNode nodes = new ObjectMapper().readTree(status.out()).get("nodes");
        assertThat(nodes).hasSize(9);
        for (int i = 0; i < description.nodes().size(); i++) {
            NodeSpec expected = description.nodes().get(i);
            JsonNode node = nodes.get(i);
            assertThat(node.get("name").asText()).isEqualTo(expected.name());
            assertThat(node.get("role").asText()).isEqualTo(expected.role().label());
            assertThat(node.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(node.get("port").asInt()).isEqualTo(expected.port());
            assertThat(node.get("state").asText()).isEqualTo("up");
        }
        assertThat(nodes.get(0).get("bridgedTo").asText()).isEqualTo("relay-a");
    }

    @Test
    void killPauseResumeAndRestartShowInTheStatus() throws Exception {
        assertThat(run("kill", "node-3").exitCode()).isZero();
        assertThat(run("pause", "node-4").exitCode()).isZero();
        JsonNode nodes = new ObjectMapper().readTree(run("status", "--json").out()).get("nodes");
        assertThat(nodes.get(2).get("state").asText()).isEqualTo("down");
        assertThat(nodes.get(3).get("state").asText()).isEqualTo("hung");
        assertThat(nodes.get(3).get("paused").asBoolean()).isTrue();

        assertThat(run("resume", "node-4").exitCode()).isZero();
        assertThat(run("restart", "node-3").exitCode()).isZero();
        Run table = run("status");
        assertThat(table.out().lines().filter(line -> line.startsWith("node-")))
                .hasSize(7)
                .allSatisfy(line -> assertThat(line).contains(" up "));
    }

    @Test
    void downLeavesNoneOfTheClusterProcessesRunning() {
        Run down = run("down");
        assertThat(down.exitCode()).isZero();
        // `down` returns once every broker has exited; these are children of the test's JVM, which leaves a
        // zombie (counted alive by ProcessHandle) until its reaper thread collects the exit status.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(startedPids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse()));
        Run statusAfterDown = run("status");
        assertThat(statusAfterDown.exitCode()).isEqualTo(1);
        assertThat(statusAfterDown.err().strip()).isEqualTo(
                "cluster: No cluster is running from " + runDirectory.toAbsolutePath()
                        + ": start one with `./demo cluster up`.");
    }

    @Test
    void upWhileTheClusterRunsIsRefusedWithOneSentence() {
        Run up = run("up");
        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("cluster: A cluster is already running from " + runDirectory.toAbsolutePath())
                .endsWith("stop it with `./demo cluster down` first."));
    }

    @Test
    void passwordPrintsTheRunsLoginOfAnIdentityAndRefusesAnUnknownOne() {
        Run password = run("password", "dashboard");
        assertThat(password.exitCode()).isZero();
        assertThat(password.out().strip()).isEqualTo(ClusterSecrets.read(runDirectory).login("dashboard").password());

        Run unknown = run("password", "mallory");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().strip()).startsWith("cluster: The cluster has no identity 'mallory'; it has: publisher-1,");
    }

    @Test
    void unknownNodeIsRefusedWithOneSentence() {
        Run kill = run("kill", "node-9");
        assertThat(kill.exitCode()).isEqualTo(1);
        assertThat(kill.err().strip()).isEqualTo(
                "cluster: Unknown node 'node-9': the cluster has node-1, node-2, node-3, node-4, node-5, node-6, node-7, relay-a, relay-b.");
    }
}
