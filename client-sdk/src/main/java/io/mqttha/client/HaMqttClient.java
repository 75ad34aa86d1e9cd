package io.mqttha.client;

import io.mqttha.client.continuity.ContinuitySnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One logical MQTT client over a list of broker nodes. It is connected to one node at a time and moves to
 * another one as soon as that node dies or hangs, restoring every subscription and re-sending every
 * unacknowledged QoS 1/2 publish there, in order.
 *
 * <p>Guarantees:
 * <ul>
 * <li>A publish is never silently dropped: its future completes once a broker acknowledged it (QoS 1/2) or
 * it was written to a connection (QoS 0), or fails with a reason. After a failover, subscribers may see a
 * QoS 1/2 message twice, never zero times.</li>
 * <li>While no node is reachable, publishes wait in a bounded buffer ({@link OfflineBufferLimits}).</li>
 * <li>With standby subscriptions (the default) a subscriber's node can die without a gap in what it
 * receives: a second connection on another node already holds the subscriptions and takes over at once,
 * replaying what it received around the failure.</li>
 * <li>A node that refuses the credentials is not taken for a dead one and not retried at failover speed:
 * it is {@link NodeState#REFUSED} and left alone for {@link HaClientConfig#authenticationRetryInterval()}
 * (see {@link AuthenticationFailedException}).</li>
 * </ul>
 *
 * <p>Threading: every method may be called from any thread and none blocks except {@link #close()}.
 * Listener methods and the completion of the futures returned here run one at a time and in order for each
 * client (its callback lane); message consumers likewise (its inbound lane). Both lanes run on threads that
 * all clients of the JVM share, never on a network thread: blocking in a consumer or listener delays that
 * client's later callbacks and holds one shared thread, but never delays failure detection or failover. Hand
 * long work to an executor of your own. The logging context (SLF4J MDC) key {@code mqttha.client} holds the
 * client id while a client's work runs.
 */
public interface HaMqttClient extends AutoCloseable {

    /**
     * Creates a client; it does nothing on the network until {@link #connect()}.
     *
     * @param config the configuration
     * @return a new client
     * @throws IllegalArgumentException if TLS stores cannot be read
     */
    static HaMqttClient create(HaClientConfig config) {
        return ClientProviders.provider().create(config);
    }

    /**
     * Starts health probing and connects to the first eligible node. Calling it again returns the same
     * outcome.
     *
     * @return completes with the first node connected to; fails with {@link AuthenticationFailedException},
     *         naming the nodes, once every node refused the credentials, or with
     *         {@link NoNodeAvailableException} once every node failed an attempt for any mix of reasons. Either
     *         way the client keeps trying in the background, refused nodes only every
     *         {@link HaClientConfig#authenticationRetryInterval()}.
     */
    CompletableFuture<BrokerAddress> connect();

    /**
     * Subscribes, now and on every node the client moves to. Subscribing a filter again replaces its QoS
     * and consumer.
     *
     * @param topicFilter the filter, wildcards allowed
     * @param qos         the maximum QoS to receive with
     * @param consumer    called on the inbound lane for every message matching the filter
     * @return completes when a broker acknowledged the subscription; fails with
     *         {@link RejectedByBrokerException} if the broker refused it
     */
    CompletableFuture<Void> subscribe(String topicFilter, Qos qos, Consumer<InboundMessage> consumer);

    /**
     * Unsubscribes; the filter is no longer restored after a failover.
     *
     * @param topicFilter a filter passed to {@link #subscribe}
     * @return completes when the broker acknowledged, or at once while disconnected
     */
    CompletableFuture<Void> unsubscribe(String topicFilter);

    /**
     * Publishes a message.
     *
     * @param message the message; user properties need {@link MqttProtocol#MQTT_5}
     * @return completes when a broker acknowledged it (QoS 1: PUBACK, QoS 2: PUBCOMP) or, for QoS 0, when it
     *         was written; fails with {@link RejectedByBrokerException}, {@link MessageDroppedException} or
     *         {@link ClientClosedException}
     * @throws BufferFullException      if the offline buffer cannot take a QoS 1/2 message
     * @throws PayloadTooLargeException if the payload exceeds {@link HaClientConfig#maximumPayloadSize()};
     *                                  nothing was buffered
     * @throws IllegalArgumentException if the message has user properties and the protocol is MQTT 3.1.1, or
     *                                  continuity is on and the topic is under {@code mqtt-ha/control/}, where
     *                                  the SDK's own repair traffic travels
     */
    CompletableFuture<PublishResult> publish(OutboundMessage message);

    /**
     * Publishes a message without user properties.
     *
     * @param topic   the topic
     * @param payload the payload
     * @param qos     the quality of service
     * @param retain  the retain flag
     * @return as {@link #publish(OutboundMessage)}
     * @throws BufferFullException       if the offline buffer cannot take a QoS 1/2 message
     * @throws PayloadTooLargeException if the payload exceeds {@link HaClientConfig#maximumPayloadSize()}
     */
    default CompletableFuture<PublishResult> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return publish(OutboundMessage.of(topic, payload, qos, retain));
    }

    /**
     * Publishes a message with user properties, in the map's iteration order.
     *
     * @param topic          the topic
     * @param payload        the payload
     * @param qos            the quality of service
     * @param retain         the retain flag
     * @param userProperties the MQTT 5 user properties
     * @return as {@link #publish(OutboundMessage)}
     * @throws BufferFullException       if the offline buffer cannot take a QoS 1/2 message
     * @throws PayloadTooLargeException if the payload exceeds {@link HaClientConfig#maximumPayloadSize()}
     */
    default CompletableFuture<PublishResult> publish(String topic, byte[] payload, Qos qos, boolean retain,
            Map<String, String> userProperties) {
        List<UserProperty> properties = userProperties.entrySet().stream()
                .map(e -> new UserProperty(e.getKey(), e.getValue()))
                .toList();
        return publish(new OutboundMessage(topic, payload, qos, retain, properties));
    }

    /**
     * Returns the node the client is ready on now.
     *
     * @return the node, or empty while connecting or failing over
     */
    Optional<BrokerAddress> currentNode();

    /**
     * Returns the node holding the standby subscriptions (see {@link HaClientConfig#standbySubscriptions()}).
     *
     * @return the node, or empty while there is no ready standby
     */
    Optional<BrokerAddress> standbyNode();

    /**
     * Returns the health of every node, in configured order.
     *
     * @return a snapshot
     */
    List<NodeHealth> nodeHealth();

    /**
     * Returns the message continuity counters of every stream this client received: delivered, lost,
     * duplicates, reordered, repaired, latency. Empty (no streams) when continuity is off.
     *
     * @return a snapshot
     */
    ContinuitySnapshot continuity();

    /**
     * Returns the counters.
     *
     * @return a snapshot
     */
    HaClientMetrics metrics();

    /**
     * Returns the configuration.
     *
     * @return the configuration the client was created with
     */
    HaClientConfig config();

    /**
     * Adds a listener; events that happened before are not replayed.
     *
     * @param listener the listener
     * @return removes the listener
     */
    ListenerRegistration addListener(HaClientListener listener);

    /**
     * Calls {@code handler} whenever the client is ready on a node.
     *
     * @param handler called on the callback lane
     * @return removes the handler
     */
    default ListenerRegistration onConnected(Consumer<? super ConnectedEvent> handler) {
        return addListener(TypedListener.of(ConnectedEvent.class, handler));
    }

    /**
     * Calls {@code handler} whenever the client loses its node.
     *
     * @param handler called on the callback lane
     * @return removes the handler
     */
    default ListenerRegistration onDisconnected(Consumer<? super DisconnectedEvent> handler) {
        return addListener(TypedListener.of(DisconnectedEvent.class, handler));
    }

    /**
     * Calls {@code handler} whenever the client moves to another node, after a failure or as a failback.
     *
     * @param handler called on the callback lane
     * @return removes the handler
     */
    default ListenerRegistration onFailover(Consumer<? super FailoverEvent> handler) {
        return addListener(TypedListener.of(FailoverEvent.class, handler));
    }

    /**
     * Calls {@code handler} whenever a node's state changes.
     *
     * @param handler called on the callback lane
     * @return removes the handler
     */
    default ListenerRegistration onNodeHealthChanged(Consumer<? super NodeHealthEvent> handler) {
        return addListener(TypedListener.of(NodeHealthEvent.class, handler));
    }

    /**
     * Calls {@code handler} whenever the offline buffer overflows.
     *
     * @param handler called on the callback lane
     * @return removes the handler
     */
    default ListenerRegistration onBufferOverflow(Consumer<? super BufferOverflowEvent> handler) {
        return addListener(TypedListener.of(BufferOverflowEvent.class, handler));
    }

    /**
     * Calls {@code handler} whenever a node refuses this client's credentials.
     *
     * @param handler called on the callback lane
     * @return removes the handler
     */
    default ListenerRegistration onAuthenticationFailed(Consumer<? super AuthenticationFailedEvent> handler) {
        return addListener(TypedListener.of(AuthenticationFailedEvent.class, handler));
    }

    /**
     * Removes a listener added before.
     *
     * @param listener the listener
     */
    void removeListener(HaClientListener listener);

    /**
     * Disconnects, stops probing and background threads, and fails every outstanding publish and
     * subscription future with {@link ClientClosedException}. Idempotent; waits at most about a second.
     */
    @Override
    void close();
}
