package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.MqttProtocol;
import io.mqttha.client.TlsSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link NodeProber}s of this JVM, one for every way of probing: clients whose probes would be the same share
 * one, which lives while a client listens to it.
 */
final class NodeProbers {

    /**
     * A client's hold on a prober.
     *
     * @param prober    the prober, for out-of-turn rounds
     * @param canceller what {@link #cancel()} does
     */
    record Subscription(NodeProber prober, Runnable canceller) {

        /** Stops listening; the prober stops once nobody listens. */
        void cancel() {
            canceller.run();
        }
    }

    /**
     * What makes two clients' probes the same. {@link TlsSettings} compare by identity: two settings objects may
     * read different stores.
     */
    private record Key(List<BrokerAddress> addresses, Optional<Credentials> credentials, Optional<TlsSettings> tls,
            MqttProtocol protocol, Duration interval, Duration timeout, Duration authenticationRetryInterval) {

        static Key of(HaClientConfig config) {
            return new Key(config.addresses(), config.credentials(), config.tls(), config.protocol(),
                    config.healthProbeInterval(), config.healthProbeTimeout(), config.authenticationRetryInterval());
        }
    }

    private static final Map<Key, NodeProber> SHARED = new ConcurrentHashMap<>();

    private NodeProbers() {
    }

    /**
     * Listens to the prober every client with probes like {@code config}'s shares, starting one if there is none.
     *
     * @param factories makes the factory a new prober probes with
     */
    static Subscription shared(HaClientConfig config, Clock clock, Function<HaClientConfig, ConnectionFactory> factories,
            NodeProber.Listener listener) {
        Key key = Key.of(config);
        NodeProber prober = SHARED.compute(key, (k, existing) -> {
            NodeProber chosen = existing != null ? existing : new NodeProber(config, factories.apply(config), clock);
            chosen.attach(listener);
            return chosen;
        });
        return new Subscription(prober, () -> {
            boolean[] detached = {false};
            SHARED.computeIfPresent(key, (k, current) -> {
                if (current != prober) {
                    return current;
                }
                detached[0] = true;
                return prober.detach(listener) ? null : current;
            });
            if (!detached[0]) {
                prober.detach(listener);
            }
        });
    }

    /** Listens to a prober of its own, over {@code factory}: for a client whose connections are not the library's. */
    static Subscription dedicated(HaClientConfig config, ConnectionFactory factory, Clock clock,
            NodeProber.Listener listener) {
        NodeProber prober = new NodeProber(config, factory, clock);
        prober.attach(listener);
        return new Subscription(prober, () -> prober.detach(listener));
    }

    /** Probers shared now. */
    static int sharedCount() {
        return SHARED.size();
    }
}
