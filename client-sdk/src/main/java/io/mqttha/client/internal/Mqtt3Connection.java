package io.mqttha.client.internal;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A {@link BrokerConnection} speaking MQTT 3.1.1. */
final class Mqtt3Connection extends HiveMqConnection {

    private final Mqtt3AsyncClient client;

    Mqtt3Connection(BrokerAddress node, ConnectionEvents events, MqttClientBuilder builder, int keepAliveSeconds,
            Credentials credentials, OutboundMessage will, Executor inbound, Clock clock) {
        super(node, events);
        this.client = builder
                .addConnectedListener(context -> onConnected())
                .addDisconnectedListener(this::onDisconnected)
                .useMqttVersion3()
                .buildAsync();
        Mqtt3Connect connect = connectMessage(keepAliveSeconds, credentials, will);
        handshakes(() -> client.connect(connect), client::disconnect);
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> {
            if (!isClosed()) {
                events.onMessage(this, new InboundMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                        Qos.of(publish.getQos().getCode()), publish.isRetain(), List.of(), node, clock.instant()));
            }
        }, inbound);
    }

    static Mqtt3Connect connectMessage(int keepAliveSeconds, Credentials credentials, OutboundMessage will) {
        Mqtt3ConnectBuilder b = Mqtt3Connect.builder().cleanSession(true);
        if (keepAliveSeconds > 0) {
            b.keepAlive(keepAliveSeconds);
        } else {
            b.noKeepAlive();
        }
        if (credentials != null) {
            b.simpleAuth(Mqtt3SimpleAuth.builder().username(credentials.username())
                    .password(credentials.password()).build());
        }
        if (will != null) {
            b.willPublish(toPublish(will));
        }
        return b.build();
    }

    @Override
    public CompletableFuture<List<Optional<HaMqttException>>> subscribe(List<Filter> filters) {
        Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder()
                .addSubscriptions(filters.stream().map(f -> Mqtt3Subscription.builder().topicFilter(f.topicFilter())
                        .qos(MqttQos.fromCode(f.qos().code())).build()))
                .build();
        return subscribeOutcomes(client.subscribe(subscribe), filters,
                subAck -> subAck.getReturnCodes().stream()
                        .map(code -> code == Mqtt3SubAckReturnCode.FAILURE ? code.getCode() : -1).toList(),
                failure -> failure instanceof Mqtt3SubAckException refused ? refused.getMqttMessage() : null);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        return translated(client.unsubscribe(Mqtt3Unsubscribe.builder().topicFilter(topicFilter).build()),
                "unsubscribe from '" + topicFilter + "'", ignored -> null);
    }

    @Override
    public CompletableFuture<Void> publish(OutboundMessage message) {
        if (!message.userProperties().isEmpty()) {
            throw new IllegalArgumentException("User properties need MQTT 5; this client speaks MQTT 3.1.1");
        }
        return translated(client.publish(toPublish(message)), "publish to '" + message.topic() + "'",
                ignored -> null);
    }

    private static Mqtt3Publish toPublish(OutboundMessage message) {
        return Mqtt3Publish.builder()
                .topic(message.topic())
                .qos(MqttQos.fromCode(message.qos().code()))
                .payload(message.payload())
                .retain(message.retain())
                .build();
    }
}
