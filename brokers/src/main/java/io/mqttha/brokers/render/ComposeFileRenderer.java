package io.mqttha.brokers.render;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.Deployment;
import io.mqttha.brokers.model.NodeRole;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders {@code docker-compose.yml}: the same nine brokers as the local cluster, on
 * {@code eclipse-mosquitto:2}, each mounting its rendered compose config and published on the same
 * host port as its local default, so that clients need no other addresses in either mode; and one
 * publisher per edge ({@code publisher-N} paired with {@code node-N}), built from
 * {@code publisher-app/Dockerfile}.
 */
public final class ComposeFileRenderer {

    /** The broker image; its 2.x line matches the local Mosquitto 2.0 the configs were measured with. */
    public static final String BROKER_IMAGE = "eclipse-mosquitto:2";
    /** The publisher image compose builds from {@code publisher-app/Dockerfile}. */
    public static final String PUBLISHER_IMAGE = "mqtt-ha-publisher:dev";
    /**
     * Where {@code ./demo cluster compose-secrets} writes the secrets the compose file mounts, relative to
     * the repository root (ignored by git).
     */
    public static final String SECRETS_DIRECTORY = ".mqtt-ha/compose";
    /** Where a publisher container keeps the file its health check looks at. */
    public static final String PUBLISHER_HEALTH_FILE = "/tmp/mqtt-ha-publisher-healthy";

    private ComposeFileRenderer() {
    }

    /**
     * The secrets the compose file mounts, each a file in {@link #SECRETS_DIRECTORY}: the brokers' password
     * file, each bridge's login lines, and the password of every other identity.
     */
    public static List<String> composeSecretNames(ClusterDescription cluster) {
        List<String> names = new ArrayList<>();
        names.add("passwords");
        names.addAll(AccessPolicy.of(cluster).usernames());
        return names;
    }

    /** The compose file's text. */
    public static String render(ClusterDescription cluster) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                # The mqtt-ha cluster as containers: seven client-facing edges (node-1..node-7) and the relay pair.
                # Rendered from io.mqttha.brokers.ClusterDescription. Do not edit: change the description and run
                # `./demo cluster render`; a test fails while this file and the renderer disagree.
                # Host ports are published on 127.0.0.1 only, the same addresses as the local cluster.
                # Every client logs in: run `./demo cluster compose-secrets` once before `docker compose up`; it
                # generates the logins this file mounts as secrets (never committed).
                services:
                """);
        for (NodeSpec node : cluster.nodes()) {
            yaml.append("  ").append(node.name()).append(":\n");
            yaml.append("    image: ").append(BROKER_IMAGE).append('\n');
            yaml.append("    hostname: ").append(node.name()).append('\n');
            yaml.append("    ports:\n");
            yaml.append("      - \"").append(ClusterDescription.LOCAL_HOST).append(':').append(node.port())
                    .append(':').append(Deployment.CONTAINER_PORT).append("\"\n");
            yaml.append("    volumes:\n");
            yaml.append("      - ./").append(ClusterFiles.configPath(node, Deployment.COMPOSE))
                    .append(":/mosquitto/config/mosquitto.conf:ro\n");
            yaml.append("      - ./").append(ClusterFiles.ACL_FILE).append(':').append(MosquittoConfigRenderer.COMPOSE_ACL_FILE)
                    .append(":ro\n");
            yaml.append("    secrets:\n");
            yaml.append("      - passwords\n");
            yaml.append("      - ").append(AccessPolicy.OPERATOR).append('\n');
            String config = "/mosquitto/config/mosquitto.conf";
            if (node.role() != NodeRole.PRIMARY_RELAY) {
                String bridge = ClusterDescription.bridgeClientId(node);
                yaml.append("      - ").append(bridge).append('\n');
                yaml.append("    # The bridge section ends the rendered config: its login, a secret, is appended at start.\n");
                yaml.append("    command: [\"sh\", \"-c\", \"cat ").append(config).append(" /run/secrets/").append(bridge)
                        .append(" > /tmp/mosquitto.conf && exec mosquitto -c /tmp/mosquitto.conf\"]\n");
            }
            yaml.append("    healthcheck:\n");
            yaml.append("      test: [\"CMD-SHELL\", \"mosquitto_sub -h 127.0.0.1 -p ").append(Deployment.CONTAINER_PORT)
                    .append(" -u ").append(AccessPolicy.OPERATOR).append(" -P \\\"$$(cat /run/secrets/").append(AccessPolicy.OPERATOR)
                    .append(")\\\" -t '$$SYS/broker/uptime' -C 1 -W 3\"]\n");
            yaml.append("      interval: 5s\n");
            yaml.append("      timeout: 5s\n");
            yaml.append("      retries: 3\n");
            yaml.append("    restart: unless-stopped\n");
        }
        String brokers = cluster.edges().stream()
                .map(edge -> edge.name() + ":" + Deployment.CONTAINER_PORT)
                .collect(Collectors.joining(","));
        for (int i = 0; i < cluster.edges().size(); i++) {
            NodeSpec edge = cluster.edges().get(i);
            String publisher = AccessPolicy.publisherName(i + 1);
            yaml.append("  ").append(publisher).append(":\n");
            yaml.append("    image: ").append(PUBLISHER_IMAGE).append('\n');
            if (i == 0) {
                yaml.append("    build:\n");
                yaml.append("      context: .\n");
                yaml.append("      dockerfile: publisher-app/Dockerfile\n");
            } else {
                // Built once, by publisher-1's build section, before any container starts.
                yaml.append("    pull_policy: never\n");
            }
            yaml.append("    environment:\n");
            yaml.append("      MQTT_HA_NODE_ID: \"").append(i + 1).append("\"\n");
            yaml.append("      MQTT_HA_BROKERS: \"").append(brokers).append("\"\n");
            yaml.append("      MQTT_HA_HEALTH_FILE: \"").append(PUBLISHER_HEALTH_FILE).append("\"\n");
            yaml.append("      MQTT_HA_USERNAME: \"").append(publisher).append("\"\n");
            yaml.append("      MQTT_HA_PASSWORD_FILE: \"/run/secrets/").append(publisher).append("\"\n");
            yaml.append("    secrets:\n");
            yaml.append("      - ").append(publisher).append('\n');
            yaml.append("    depends_on:\n");
            yaml.append("      - ").append(edge.name()).append('\n');
            yaml.append("    healthcheck:\n");
            yaml.append("      # Healthy while the publisher is connected: it touches the file on every heartbeat.\n");
            yaml.append("      test: [\"CMD-SHELL\", \"test -n \\\"$$(find ").append(PUBLISHER_HEALTH_FILE)
                    .append(" -newermt '-5 seconds' 2>/dev/null)\\\"\"]\n");
            yaml.append("      interval: 5s\n");
            yaml.append("      timeout: 3s\n");
            yaml.append("      retries: 3\n");
            yaml.append("      start_period: 20s\n");
            yaml.append("    stop_grace_period: 10s\n");
            yaml.append("    restart: unless-stopped\n");
        }
        yaml.append("secrets:\n");
        for (String secret : composeSecretNames(cluster)) {
            yaml.append("  ").append(secret).append(":\n");
            yaml.append("    file: ./").append(SECRETS_DIRECTORY).append('/').append(secret).append('\n');
        }
        return yaml.toString();
    }
}
