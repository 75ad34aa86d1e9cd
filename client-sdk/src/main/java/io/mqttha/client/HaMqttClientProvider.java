package io.mqttha.client;

/**
 * The seam between the API and its implementation: {@link HaMqttClient#create} finds the one provider on the
 * class path with {@link java.util.ServiceLoader}, so that no API package depends on an implementation package.
 * Applications call {@link HaMqttClient#create}; they implement this only to replace the SDK's client, for
 * example with a test double.
 */
public interface HaMqttClientProvider {

    /**
     * Creates an unconnected client.
     *
     * @param config the configuration
     * @return a new client
     */
    HaMqttClient create(HaClientConfig config);
}
