package io.mqttha.client.internal;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;
import io.mqttha.client.UserProperty;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** A {@link BrokerConnection} speaking MQTT 5. */
final class Mqtt5Connection extends HiveMqConnection {

    /** Property names whose last property is kept for reuse; a bound against applications with endless names. */
    private static final int MAX_CACHED_PROPERTY_NAMES = 64;

    private final Mqtt5AsyncClient client;
    private final Map<String, CachedProperty> lastPropertyByName = new ConcurrentHashMap<>();
    private volatile CachedTopic lastTopic;

    Mqtt5Connection(BrokerAddress node, ConnectionEvents events, MqttClientBuilder builder, int keepAliveSeconds,
            Credentials credentials, OutboundMessage will, Executor inbound, Clock clock) {
        super(node, events);
        Mqtt5ClientBuilder b = builder
                .addConnectedListener(context -> onConnected())
                .addDisconnectedListener(this::onDisconnected)
                .useMqttVersion5();
        this.client = b.buildAsync();
        Mqtt5Connect connect = connectMessage(keepAliveSeconds, credentials, will);
        handshakes(() -> client.connect(connect), client::disconnect);
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> {
            if (!isClosed()) {
                events.onMessage(this, inbound(publish, node, clock));
            }
        }, inbound);
    }

    static Mqtt5Connect connectMessage(int keepAliveSeconds, Credentials credentials, OutboundMessage will) {
        Mqtt5ConnectBuilder b = Mqtt5Connect.builder().cleanStart(true).sessionExpiryInterval(0);
        if (keepAliveSeconds > 0) {
            b.keepAlive(keepAliveSeconds);
        } else {
            b.noKeepAlive();
        }
        if (credentials != null) {
            b.simpleAuth(Mqtt5SimpleAuth.builder().username(credentials.username())
                    .password(credentials.password()).build());
        }
        if (will != null) {
            b.willPublish(toPublish(will, MqttTopic.of(will.topic()), p -> Mqtt5UserProperty.of(p.name(), p.value())));
        }
        return b.build();
    }

    @Override
    public CompletableFuture<List<Optional<HaMqttException>>> subscribe(List<Filter> filters) {
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder()
                .addSubscriptions(filters.stream().map(f -> Mqtt5Subscription.builder().topicFilter(f.topicFilter())
                        .qos(MqttQos.fromCode(f.qos().code())).build()))
                .build();
        return subscribeOutcomes(client.subscribe(subscribe), filters,
                subAck -> subAck.getReasonCodes().stream().map(code -> code.isError() ? code.getCode() : -1).toList(),
                failure -> failure instanceof Mqtt5SubAckException refused ? refused.getMqttMessage() : null);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        return translated(client.unsubscribe(Mqtt5Unsubscribe.builder().topicFilter(topicFilter).build()),
                "unsubscribe from '" + topicFilter + "'", unsubAck -> null);
    }

    @Override
    public CompletableFuture<Void> publish(OutboundMessage message) {
        return translated(client.publish(toPublish(message, topic(message.topic()), this::userProperty)),
                "publish to '" + message.topic() + "'", result -> result.getError().orElse(null));
    }

    /** The library topic for {@code text}, reusing the last one: the library validates every new one. */
    private MqttTopic topic(String text) {
        CachedTopic cached = lastTopic;
        if (cached != null && cached.text().equals(text)) {
            return cached.topic();
        }
        MqttTopic topic = MqttTopic.of(text);
        lastTopic = new CachedTopic(text, topic);
        return topic;
    }

    private record CachedTopic(String text, MqttTopic topic) {
    }

    /**
     * The library property for one of ours, reusing the last one built with the same name when the value is
     * the same too: continuity stamps the same origin and incarnation on every message, and the library
     * validates and encodes each new string (measured: a large share of the publishing cost at QoS 0).
     */
    private Mqtt5UserProperty userProperty(UserProperty property) {
        CachedProperty cached = lastPropertyByName.get(property.name());
        if (cached != null && (cached.value() == property.value() || cached.value().equals(property.value()))) {
            return cached.property();
        }
        MqttUtf8String name = cached != null ? cached.name() : MqttUtf8String.of(property.name());
        Mqtt5UserProperty built = Mqtt5UserProperty.of(name, MqttUtf8String.of(property.value()));
        if (cached != null || lastPropertyByName.size() < MAX_CACHED_PROPERTY_NAMES) {
            lastPropertyByName.put(property.name(), new CachedProperty(property.value(), name, built));
        }
        return built;
    }

    private record CachedProperty(String value, MqttUtf8String name, Mqtt5UserProperty property) {
    }

    private static Mqtt5Publish toPublish(OutboundMessage message, MqttTopic topic,
            Function<UserProperty, Mqtt5UserProperty> properties) {
        return Mqtt5Publish.builder()
                .topic(topic)
                .qos(MqttQos.fromCode(message.qos().code()))
                .payload(message.payload())
                .retain(message.retain())
                .userProperties(userProperties(message.userProperties(), properties))
                .build();
    }

    private static Mqtt5UserProperties userProperties(List<UserProperty> properties,
            Function<UserProperty, Mqtt5UserProperty> convert) {
        if (properties.isEmpty()) {
            return Mqtt5UserProperties.of();
        }
        Mqtt5UserPropertiesBuilder b = Mqtt5UserProperties.builder();
        properties.forEach(p -> b.add(convert.apply(p)));
        return b.build();
    }

    private static InboundMessage inbound(Mqtt5Publish publish, BrokerAddress node, Clock clock) {
        List<UserProperty> properties = publish.getUserProperties().asList().stream()
                .map(p -> new UserProperty(p.getName().toString(), p.getValue().toString()))
                .toList();
        return new InboundMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                Qos.of(publish.getQos().getCode()), publish.isRetain(), properties, node, clock.instant());
    }
}
