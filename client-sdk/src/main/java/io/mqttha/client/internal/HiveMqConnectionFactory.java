package io.mqttha.client.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.MqttProtocol;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Connections and probes over the HiveMQ MQTT client, one library client per connection. */
final class HiveMqConnectionFactory implements ConnectionFactory {

    /** Probes send no PINGREQ: they disconnect right after CONNACK. */
    private static final int PROBE_KEEP_ALIVE = 0;

    private final HaClientConfig config;
    private final MqttClientSslConfig ssl;
    private final Executor inbound;
    private final Clock clock;
    private final int keepAliveSeconds;
    private final String probeClientId;
    private final String standbyClientId;

    HiveMqConnectionFactory(HaClientConfig config, Executor inbound, Clock clock) {
        this.config = config;
        this.ssl = config.tls().map(TlsContexts::sslConfig).orElse(null);
        this.inbound = inbound;
        this.clock = clock;
        this.keepAliveSeconds = (int) config.keepAlive().getSeconds();
        this.probeClientId = config.clientId() + "-probe";
        this.standbyClientId = config.clientId() + "-standby";
    }

    @Override
    public BrokerConnection create(BrokerAddress node, ConnectionEvents events, boolean standby) {
        String identifier = standby ? standbyClientId : config.clientId();
        MqttClientBuilder builder = builder(node, identifier, config.connectTimeout());
        var credentials = config.credentials().orElse(null);
        var will = standby ? null : config.lastWill().orElse(null);
        return config.protocol() == MqttProtocol.MQTT_5
                ? new Mqtt5Connection(node, events, builder, keepAliveSeconds, credentials, will, inbound, clock)
                : new Mqtt3Connection(node, events, builder, keepAliveSeconds, credentials, will, inbound, clock);
    }

    @Override
    public CompletableFuture<Duration> probe(BrokerAddress node) {
        MqttClientBuilder builder = builder(node, probeClientId, config.healthProbeTimeout());
        var credentials = config.credentials().orElse(null);
        CompletableFuture<?> connected;
        CompletableFuture<Void> disconnect;
        long start = System.nanoTime();
        CompletableFuture<Duration> result = new CompletableFuture<>();
        if (config.protocol() == MqttProtocol.MQTT_5) {
            Mqtt5AsyncClient client = builder.useMqttVersion5().buildAsync();
            connected = client.connect(Mqtt5Connection.connectMessage(PROBE_KEEP_ALIVE, credentials, null));
            disconnect = connected.thenCompose(ack -> client.disconnect());
        } else {
            Mqtt3AsyncClient client = builder.useMqttVersion3().buildAsync();
            connected = client.connect(Mqtt3Connection.connectMessage(PROBE_KEEP_ALIVE, credentials, null));
            disconnect = connected.thenCompose(ack -> client.disconnect());
        }
        connected.whenComplete((ack, failure) -> {
            if (failure != null) {
                result.completeExceptionally(HiveMqErrors.translate(failure, node, "health probe"));
            } else {
                result.complete(Duration.ofNanos(System.nanoTime() - start));
            }
        });
        // The probe's own disconnect failing says nothing about the node; only keep it from being reported.
        disconnect.exceptionally(ignored -> null);
        return result;
    }

    private MqttClientBuilder builder(BrokerAddress node, String identifier, Duration timeout) {
        MqttClientTransportConfigBuilder.Nested<? extends MqttClientBuilder> transport = MqttClient.builder()
                .identifier(identifier)
                .transportConfig()
                .serverHost(node.host())
                .serverPort(node.port())
                .socketConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (ssl != null) {
            transport.sslConfig(ssl);
        }
        return transport.applyTransportConfig();
    }
}
