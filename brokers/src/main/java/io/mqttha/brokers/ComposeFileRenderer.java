package io.mqttha.brokers;

/**
 * Renders {@code docker-compose.yml}: the same nine brokers as the local cluster, on
 * {@code eclipse-mosquitto:2}, each mounting its rendered compose config and published on the same
 * host port as its local default, so that clients need no other addresses in either mode.
 */
public final class ComposeFileRenderer {

    /** The broker image; its 2.x line matches the local Mosquitto 2.0 the configs were measured with. */
    public static final String BROKER_IMAGE = "eclipse-mosquitto:2";

    private ComposeFileRenderer() {
    }

    /** The compose file's text. */
    public static String render(ClusterDescription cluster) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                # The mqtt-ha cluster as containers: seven client-facing edges (node-1..node-7) and the relay pair.
                # Rendered from io.mqttha.brokers.ClusterDescription. Do not edit: change the description and run
                # `./demo cluster render`; a test fails while this file and the renderer disagree.
                # Host ports are published on 127.0.0.1 only, the same addresses as the local cluster.
                name: mqtt-ha
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
            yaml.append("    healthcheck:\n");
            yaml.append("      test: [\"CMD\", \"mosquitto_sub\", \"-h\", \"127.0.0.1\", \"-p\", \"")
                    .append(Deployment.CONTAINER_PORT)
                    .append("\", \"-t\", \"$$SYS/broker/uptime\", \"-C\", \"1\", \"-W\", \"3\"]\n");
            yaml.append("      interval: 5s\n");
            yaml.append("      timeout: 5s\n");
            yaml.append("      retries: 3\n");
            yaml.append("    restart: unless-stopped\n");
        }
        return yaml.toString();
    }
}
