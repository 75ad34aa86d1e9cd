package io.mqttha.client;

import java.util.ServiceLoader;

/** Finds the {@link HaMqttClientProvider} on first use and keeps it. */
final class ClientProviders {

    private static volatile HaMqttClientProvider provider;

    private ClientProviders() {
    }

    /**
     * @throws IllegalStateException if the SDK's service file is missing from the class path
     */
    static HaMqttClientProvider provider() {
        HaMqttClientProvider found = provider;
        if (found == null) {
            // Two threads may both look it up; they find the same provider, so the race costs one lookup.
            found = ServiceLoader.load(HaMqttClientProvider.class, HaMqttClientProvider.class.getClassLoader())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No mqtt-ha client implementation on the class path: "
                            + "META-INF/services/" + HaMqttClientProvider.class.getName() + " of mqtt-ha-client-sdk is "
                            + "missing (a fat jar built without merging service files loses it)."));
            provider = found;
        }
        return found;
    }
}
