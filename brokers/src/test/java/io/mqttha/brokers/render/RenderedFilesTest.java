package io.mqttha.brokers.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The checked-in configs and compose file are what the renderer produces from the description. */
class RenderedFilesTest {

    /** Surefire runs in the module folder; the repository root is its parent. */
    private static final Path REPOSITORY_ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void checkedInFilesMatchTheRenderer() throws IOException {
        List<String> drifted = new ArrayList<>();
        for (Map.Entry<String, String> file : ClusterFiles.render(ClusterDescription.standard()).entrySet()) {
            Path checkedIn = REPOSITORY_ROOT.resolve(file.getKey());
            if (!Files.exists(checkedIn) || !Files.readString(checkedIn, StandardCharsets.UTF_8).equals(file.getValue())) {
                drifted.add(file.getKey());
            }
        }
        assertThat(drifted)
                .as("files that differ from the renderer; run `./demo cluster render` and commit the result")
                .isEmpty();
    }

    @Test
    void noStaleConfigIsLeftBesideTheRenderedOnes() throws IOException {
        Map<String, String> rendered = ClusterFiles.render(ClusterDescription.standard());
        try (var files = Files.walk(REPOSITORY_ROOT.resolve(ClusterFiles.CONFIG_ROOT))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> REPOSITORY_ROOT.relativize(p).toString()))
                    .allSatisfy(path -> assertThat(rendered).containsKey(path));
        }
    }

    @Test
    void composeFileRunsTheNineBrokersOnTheLocalDefaultPorts() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory())
                .readTree(ComposeFileRenderer.render(ClusterDescription.standard()));
        JsonNode services = compose.get("services");
        for (NodeSpec node : ClusterDescription.standard().nodes()) {
            JsonNode service = services.get(node.name());
            assertThat(service).as(node.name()).isNotNull();
            assertThat(service.get("image").asText()).isEqualTo("eclipse-mosquitto:2");
            assertThat(service.get("ports").get(0).asText()).isEqualTo("127.0.0.1:" + node.port() + ":1883");
            String mount = service.get("volumes").get(0).asText();
            assertThat(mount).isEqualTo("./brokers/conf/compose/" + node.name() + ".conf:/mosquitto/config/mosquitto.conf:ro");
            assertThat(REPOSITORY_ROOT.resolve(mount.substring(2, mount.indexOf(':')))).exists();
        }
    }

    @Test
    void composeFilePairsOnePublisherWithEachEdge() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory())
                .readTree(ComposeFileRenderer.render(ClusterDescription.standard())).get("services");
        for (int n = 1; n <= 7; n++) {
            JsonNode publisher = services.get("publisher-" + n);
            assertThat(publisher).as("publisher-%d", n).isNotNull();
            assertThat(publisher.get("image").asText()).isEqualTo(ComposeFileRenderer.PUBLISHER_IMAGE);
            assertThat(publisher.get("environment").get("MQTT_HA_NODE_ID").asText()).isEqualTo(Integer.toString(n));
            assertThat(publisher.get("environment").get("MQTT_HA_BROKERS").asText())
                    .isEqualTo("node-1:1883,node-2:1883,node-3:1883,node-4:1883,node-5:1883,node-6:1883,node-7:1883");
            assertThat(publisher.get("depends_on").get(0).asText()).isEqualTo("node-" + n);
            assertThat(publisher.get("healthcheck").get("test").get(0).asText()).isEqualTo("CMD-SHELL");
            assertThat(publisher.get("restart").asText()).isEqualTo("unless-stopped");
        }
        assertThat(services.get("publisher-1").get("build").get("dockerfile").asText()).isEqualTo("publisher-app/Dockerfile");
        assertThat(REPOSITORY_ROOT.resolve("publisher-app/Dockerfile")).exists();
    }
}
