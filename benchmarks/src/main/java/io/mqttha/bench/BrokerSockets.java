package io.mqttha.bench;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.NodeSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the brokers see of a fleet, counted on their side: established TCP connections to each edge's port (from
 * the kernel's socket table) and connections accepted (the kernel's count of passive opens).
 */
final class BrokerSockets {

    private static final List<Path> SOCKET_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The state column of an established socket in {@code /proc/net/tcp}. */
    private static final String ESTABLISHED = "01";
    private static final Path SNMP = Path.of("/proc/net/snmp");

    private final LocalCluster cluster;

    BrokerSockets(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** Established connections whose broker side is an edge's port, by edge name. */
    Map<String, Integer> establishedByEdge() {
        Map<Integer, String> edgeByPort = cluster.description().edges().stream()
                .collect(Collectors.toMap(NodeSpec::port, NodeSpec::name));
        Map<String, Integer> counts = new HashMap<>();
        for (Path table : SOCKET_TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(table)) {
                lines.skip(1).map(String::trim).map(line -> line.split("\\s+")).forEach(fields -> {
                    int localPort = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
                    String edge = edgeByPort.get(localPort);
                    if (edge != null && fields[3].equals(ESTABLISHED)) {
                        counts.merge(edge, 1, Integer::sum);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + table, e);
            }
        }
        return counts;
    }

    /**
     * Connections accepted on this machine so far, by the kernel's count ({@code PassiveOpens} in
     * {@code /proc/net/snmp}): while the fleet idles only the brokers accept any. The brokers' own log lines would
     * say the same, but {@code mosquitto} buffers its standard output, so they arrive in bursts of kilobytes.
     */
    static long acceptedConnections() {
        try {
            List<String> tcp = Files.readAllLines(SNMP).stream().filter(line -> line.startsWith("Tcp:")).toList();
            List<String> names = List.of(tcp.get(0).split("\\s+"));
            return Long.parseLong(tcp.get(1).split("\\s+")[names.indexOf("PassiveOpens")]);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not read the TCP counters in " + SNMP + ": " + e.getMessage(), e);
        }
    }

    /** Whether this machine exposes the socket table the counts need. */
    static boolean available() {
        return Files.isReadable(SNMP) && SOCKET_TABLES.stream().anyMatch(Files::isReadable);
    }
}
