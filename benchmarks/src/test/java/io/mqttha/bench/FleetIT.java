package io.mqttha.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttha.brokers.model.ClusterDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./bench fleet --quick --kinds SDK} on the real cluster: a small fleet of SDK clients with their defaults
 * spreads over the nodes, holds two connections each, recovers from a killed and a paused node without losing or
 * duplicating anything, and comes back to the node once it returns. Figures of time are printed, not asserted.
 */
class FleetIT {

    private static final int EDGES = ClusterDescription.standard().edges().size();

    @TempDir
    Path directory;

    @Test
    void aSmallFleetSpreadsRecoversFromAKillAndAHangLosingNothingAndComesBack() throws Exception {
        Path json = directory.resolve("fleet.json");

        int exit = new CommandLine(new FleetBenchmark()).execute("--quick", "--kinds", "SDK", "--json", json.toString());

        assertThat(exit).isZero();
        JsonNode document = new ObjectMapper().readTree(json.toFile());
        int clients = document.get("context").get("clients").asInt();
        JsonNode results = document.get("results");
        assertThat(results).hasSize(2);
        for (JsonNode row : results) {
            String fault = row.get("fault").asText();
            // The sockets counted on the edges include the shared prober's, at most one per node at a time.
            assertThat(row.get("connectionsPerClient").asDouble()).as("connections per client")
                    .isLessThanOrEqualTo(2.0 + (double) EDGES / clients);
            assertThat(row.get("clientsOnFaultedNode").asInt()).as("spread: the busiest node holds only some")
                    .isLessThan(clients / 2);
            assertThat(row.get("unrecovered").asInt()).as("unrecovered after the %s", fault).isZero();
            assertThat(row.get("lost").asLong()).as("lost at the application after the %s", fault).isZero();
            assertThat(row.get("duplicated").asLong()).as("duplicated at the application after the %s", fault).isZero();
            assertThat(row.get("returned").asInt()).as("clients back on the node after the %s", fault)
                    .isEqualTo(row.get("clientsOnFaultedNode").asInt());
        }
    }
}
