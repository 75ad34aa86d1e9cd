package io.mqttha.client.internal;

import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.HaMqttClientProvider;
import io.mqttha.client.MqttProtocol;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.Objects;

/**
 * Builds the client a configuration asks for: the failover client, with continuity on top unless it is off, and
 * with payload-based retained convergence on top in MQTT 3.1.1 mode, which has no continuity.
 * {@link HaMqttClient#create} finds it through {@code META-INF/services}.
 */
public final class HaMqttClients implements HaMqttClientProvider {

    /**
     * Client id prefix of the probes of a prober shared by the clients of a JVM ({@code -probe} is appended):
     * its health probes are shared by every client that probes the same cluster the same way.
     */
    static final String SHARED_PROBER_ID_PREFIX = "mqtt-ha-shared-";

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
        Clock clock = Clock.systemUTC();
        // A shared prober outlives the client that started it: it probes under an id of its own, and its factory
        // serves probes only, which hand no message to an inbound lane.
        Function<HaClientConfig, ConnectionFactory> probeFactories = settings -> new HiveMqConnectionFactory(
                settings.toBuilder().clientId(SHARED_PROBER_ID_PREFIX + Long.toHexString(
                        ThreadLocalRandom.current().nextLong() >>> 16)).build(), Runnable::run, clock);
        HaMqttClient failover = new DefaultHaMqttClient(config, clock, new Random(),
                inbound -> new HiveMqConnectionFactory(config, inbound, clock),
                (factory, listener) -> NodeProbers.shared(config, clock, probeFactories, listener));
        if (config.continuity().isPresent()) {
            return new ContinuityClient(failover, config.continuity().get(), clock);
        }
        // MQTT 3.1.1 carries no versions, so its retained values converge by payload; an MQTT 5 client that
        // switched continuity off switched retained versions off with it.
        return config.protocol() == MqttProtocol.MQTT_3_1_1 ? new UnversionedRetainedClient(failover) : failover;
    }
}
