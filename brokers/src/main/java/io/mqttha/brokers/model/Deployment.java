package io.mqttha.brokers.model;

/** Where the rendered brokers run; it decides addresses, not behaviour. */
public enum Deployment {
    /** Local {@code mosquitto} processes, each bound to {@code 127.0.0.1} on its own port. */
    LOCAL("local"),
    /** Containers of {@code docker-compose.yml}: port 1883 inside, nodes reach each other by service name. */
    COMPOSE("compose");

    /** The MQTT port every broker listens on inside its container. */
    public static final int CONTAINER_PORT = 1883;

    private final String directoryName;

    Deployment(String directoryName) {
        this.directoryName = directoryName;
    }

    /** The folder under {@code brokers/conf/} that holds this deployment's rendered configs. */
    public String directoryName() {
        return directoryName;
    }
}
