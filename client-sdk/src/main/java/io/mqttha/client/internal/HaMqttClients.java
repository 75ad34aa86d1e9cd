package io.mqttha.client.internal;

import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.HaMqttClientProvider;

import java.time.Clock;
import java.util.Objects;

/**
 * Builds the client a configuration asks for: the failover client, with continuity on top unless it is off.
 * {@link HaMqttClient#create} finds it through {@code META-INF/services}.
 */
public final class HaMqttClients implements HaMqttClientProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public HaMqttClients() {
    }

    /**
     * The production client for {@code config}.
     *
     * @param config the configuration
     * @return a new, unconnected client
     */
    @Override
    public HaMqttClient create(HaClientConfig config) {
        Objects.requireNonNull(config, "config");
        HaMqttClient failover = DefaultHaMqttClient.create(config);
        return config.continuity()
                .<HaMqttClient>map(settings -> new ContinuityClient(failover, settings, Clock.systemUTC()))
                .orElse(failover);
    }
}
