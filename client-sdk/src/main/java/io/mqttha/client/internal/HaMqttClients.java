package io.mqttha.client.internal;

import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;

import java.time.Clock;
import java.util.Objects;

/** Builds the client a configuration asks for: the failover client, with continuity on top unless it is off. */
public final class HaMqttClients {

    private HaMqttClients() {
    }

    /**
     * The production client for {@code config}.
     *
     * @param config the configuration
     * @return a new, unconnected client
     */
    public static HaMqttClient create(HaClientConfig config) {
        Objects.requireNonNull(config, "config");
        HaMqttClient failover = DefaultHaMqttClient.create(config);
        return config.continuity()
                .<HaMqttClient>map(settings -> new ContinuityClient(failover, settings, Clock.systemUTC()))
                .orElse(failover);
    }
}
