package io.mqttha.demo;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processes {@code ./demo} starts (nine brokers, seven publishers) stop when its JVM dies, however it dies:
 * the demo runs in a JVM of its own, headless, on free ports, and is killed with SIGKILL, which runs no shutdown
 * hook, or stopped with SIGTERM, which runs them.
 */
class DemoExitIT {

    /** What the demo starts: nine brokers and seven publishers. */
    private static final int DEMO_CHILDREN = ClusterDescription.standard().nodes().size() + ClusterDescription.EDGE_COUNT;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path home;

    private Process demo;
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopWhateverIsLeft() {
        started.forEach(ProcessHandle::destroyForcibly);
        if (demo != null) {
            demo.destroyForcibly();
        }
    }

    @Test
    void aKilledDemoLeavesNothingRunning() throws Exception {
        startDemo();

        demo.destroyForcibly();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(started.stream().filter(DemoExitIT::runs).map(ProcessHandle::pid)).as("still running").isEmpty());
    }

    @Test
    void aTerminatedDemoStopsItsProcessesInOrder() throws Exception {
        startDemo();

        demo.destroy();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(started.stream().filter(DemoExitIT::runs).map(ProcessHandle::pid)).as("still running").isEmpty());
        assertThat(Files.readString(home.resolve("demo.log"))).contains("Stopped.");
    }

    /** Runs {@code ./demo --headless} in a JVM of its own and waits until its publishers run. */
    private void startDemo() throws IOException {
        Path log = home.resolve("demo.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DemoMain.class.getName(),
                "--headless", "--first-port", Integer.toString(freeFirstPort()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MQTT_HA_HOME", home.toString());
        demo = builder.start();
        await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(demo.isAlive()).as("the demo runs; its output so far:%n%s", output).isTrue();
            return output.contains("Headless dashboard running");
        });
        demo.descendants().forEach(started::add);
        assertThat(started).as("the brokers and the publishers, at least").hasSizeGreaterThanOrEqualTo(DEMO_CHILDREN);
    }

    /** A killed child stays a zombie until it is reaped, and {@link ProcessHandle#isAlive()} counts zombies. */
    private static boolean runs(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return !Files.isDirectory(Path.of("/proc"));
        }
    }

    /** A first port at which the nine ports of the cluster's layout are free. */
    private static int freeFirstPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            List<Integer> ports = ClusterDescription.standard(first).nodes().stream().map(NodeSpec::port).toList();
            if (ports.stream().allMatch(DemoExitIT::isFree)) {
                return first;
            }
        }
        throw new IllegalStateException("No first port with the cluster's nine ports free in 100 attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(ClusterDescription.LOCAL_HOST))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
