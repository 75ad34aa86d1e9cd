package io.mqttha.bench;

import io.mqttha.brokers.ClusterOptions;
import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Kills (SIGKILL) or pauses (SIGSTOP) the broker a client is connected to, over and over, and measures
 * the time from the fault to the first QoS 1 publish made after it that a broker acknowledges. Every
 * client runs against the same real nine-broker cluster, one after another, in one run.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Time from killing/pausing the connected broker to the first acknowledged QoS 1 publish: "
                + "this SDK vs the HiveMQ client rotating addresses vs Paho serverURIs.")
final class FailoverBenchmark implements Callable<Integer> {

    /** The clients compared, by the name used on the command line and in the report. */
    enum Contender {
        SDK("mqtt-ha SDK (defaults)"),
        HIVEMQ("HiveMQ client, auto-reconnect + rotation"),
        HIVEMQ_ZERO_DELAY("HiveMQ client, zero-delay rotation"),
        PAHO("Paho Java serverURIs + auto-reconnect");

        final String label;

        Contender(String label) {
            this.label = label;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "30", description = "Kills per client (default: ${DEFAULT-VALUE}).")
    int killRuns;

    @Option(names = "--pause-runs", defaultValue = "30",
            description = "Pauses for the SDK (default: ${DEFAULT-VALUE}).")
    int sdkPauseRuns;

    @Option(names = "--baseline-pause-runs", defaultValue = "30",
            description = "Pauses for each other client; each usually waits out the whole --timeout, so the default "
                    + "adds about 20 minutes (default: ${DEFAULT-VALUE}).")
    int baselinePauseRuns;

    @Option(names = "--timeout", defaultValue = "PT10S",
            description = "Longest wait for the first acknowledged publish after a fault, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--settle", defaultValue = "PT2S",
            description = "Pause after repairing a node before the next fault, ISO-8601, so that every run starts on a "
                    + "healthy cluster whose clients have seen every node answer again (default: ${DEFAULT-VALUE}). PT0S "
                    + "gives back-to-back faults: every node has died within the last second or so.")
    Duration settle;

    @Option(names = "--warmup", defaultValue = "1",
            description = "Unmeasured kills per client before its measured runs (default: ${DEFAULT-VALUE}). The first "
                    + "kill in a JVM runs cold code in the harness and in the client (it took 60-300 ms where the next ones "
                    + "took 10-20), and the client measured first would pay for it alone.")
    int warmupKills;

    @Option(names = "--clients", split = ",", defaultValue = "SDK,HIVEMQ,HIVEMQ_ZERO_DELAY,PAHO",
            description = "Which clients to measure: ${COMPLETION-CANDIDATES} (default: all).")
    List<Contender> contenders;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON result to FILE.")
    Path jsonFile;

    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(30);

    @Override
    public Integer call() throws Exception {
        OptionChecks.positive(spec, "--runs", killRuns);
        OptionChecks.require(spec, sdkPauseRuns >= 0, "--pause-runs must not be negative, not " + sdkPauseRuns + ".");
        OptionChecks.require(spec, baselinePauseRuns >= 0,
                "--baseline-pause-runs must not be negative, not " + baselinePauseRuns + ".");
        OptionChecks.positive(spec, "--timeout", timeout);
        OptionChecks.require(spec, !settle.isNegative(), "--settle must not be negative, not " + settle + ".");
        OptionChecks.require(spec, warmupKills >= 0, "--warmup must not be negative, not " + warmupKills + ".");
        Path runDirectory = Files.createTempDirectory("mqtt-ha-bench-failover");
        Report report = new Report("Failover: fault of the connected broker -> first acknowledged QoS 1 publish (ms)",
                List.of("client", "fault", "runs", "recovered", "p50", "p99", "max", "faultCallP50"));
        report.context("machine", Machine.describe())
                .context("timeoutMillis", timeout.toMillis())
                .context("settleMillis", settle.toMillis())
                .context("warmupKills", warmupKills)
                .context("cluster", "7 edges + relay pair, local mosquitto processes");
        try (LocalCluster cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory, ClusterOptions.quiet())) {
            for (Contender contender : contenders) {
                measure(cluster, contender, Fault.KILL, killRuns, report);
                measure(cluster, contender, Fault.PAUSE, contender == Contender.SDK ? sdkPauseRuns : baselinePauseRuns, report);
            }
        }
        report.emit(System.out, jsonFile);
        return 0;
    }

    private enum Fault { KILL, PAUSE }

    private void measure(LocalCluster cluster, Contender contender, Fault fault, int runs, Report report) throws Exception {
        if (runs <= 0) {
            return;
        }
        List<Double> recovered = new ArrayList<>();
        List<Double> faultCalls = new ArrayList<>();
        String topic = "mqtt-ha/bench/failover/" + contender.name().toLowerCase(java.util.Locale.ROOT);
        try (FailoverClient client = create(cluster.description(), contender, topic, ClusterLogin.operator(cluster))) {
            client.connect();
            int warmups = fault == Fault.KILL ? warmupKills : 0;
            for (int run = 1 - warmups; run <= runs; run++) {
                boolean measured = run >= 1;
                NodeSpec node = awaitConnectedNode(cluster.description(), client);
                byte[] payload = ("run-" + run).getBytes(StandardCharsets.UTF_8);
                long faultAt = System.nanoTime();
                if (fault == Fault.KILL) {
                    cluster.kill(node.name());
                } else {
                    cluster.pause(node.name());
                }
                // The call signals, waits until a killed process is gone and rewrites the cluster's state file;
                // every client is already recovering meanwhile, but its first publish only starts after it.
                double faultCallMillis = (System.nanoTime() - faultAt) / 1e6;
                boolean acknowledged = false;
                long deadline = faultAt + timeout.toNanos();
                while (!acknowledged && System.nanoTime() < deadline) {
                    acknowledged = client.publishAcknowledged(payload, Duration.ofNanos(deadline - System.nanoTime()));
                }
                double millis = (System.nanoTime() - faultAt) / 1e6;
                if (measured) {
                    faultCalls.add(faultCallMillis);
                    if (acknowledged) {
                        recovered.add(millis);
                    }
                }
                String result = acknowledged ? String.format("%.1f ms (from %s; fault call %.1f ms)", millis, node.name(),
                        faultCallMillis) : "no acknowledgement within " + timeout;
                if (measured) {
                    System.err.printf("%-20s %-5s run %2d/%d: %s%n", contender, fault, run, runs, result);
                } else {
                    System.err.printf("%-20s %-5s warm-up, not counted: %s%n", contender, fault, result);
                }
                if (fault == Fault.KILL) {
                    cluster.restart(node.name());
                } else {
                    cluster.resume(node.name());
                }
                Thread.sleep(settle.toMillis());
            }
        }
        Percentiles stats = Percentiles.of(recovered);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("client", contender.label);
        row.put("fault", fault.name().toLowerCase(java.util.Locale.ROOT));
        row.put("runs", runs);
        row.put("recovered", recovered.size());
        row.put("p50", stats.p50());
        row.put("p99", stats.p99());
        row.put("max", stats.max());
        row.put("faultCallP50", Percentiles.of(faultCalls).p50());
        report.row(row);
    }

    private NodeSpec awaitConnectedNode(ClusterDescription description, FailoverClient client) throws InterruptedException {
        long deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> address = client.connectedAddress();
            if (address.isPresent()) {
                return description.edges().stream()
                        .filter(edge -> edge.address().equals(address.get()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("Connected to an unknown address " + address.get()));
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("The client did not reconnect within " + RECONNECT_WAIT);
    }

    private static FailoverClient create(ClusterDescription description, Contender contender, String topic, Login login)
            throws IOException {
        String clientId = "bench-" + contender.name().toLowerCase(java.util.Locale.ROOT) + "-" + ProcessHandle.current().pid();
        List<InetSocketAddress> socketAddresses = description.edges().stream()
                .map(edge -> new InetSocketAddress(edge.host(), edge.port()))
                .toList();
        try {
            return switch (contender) {
                case SDK -> new SdkClient(description.edgeAddresses(), clientId, topic, login);
                case HIVEMQ -> new HiveMqRotatingClient(socketAddresses, clientId, topic, false, login);
                case HIVEMQ_ZERO_DELAY -> new HiveMqRotatingClient(socketAddresses, clientId, topic, true, login);
                case PAHO -> new PahoClient(description.edges().stream().map(NodeSpec::address).toList(), clientId, topic, login);
            };
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new IOException("Could not create the Paho client", e);
        }
    }
}
