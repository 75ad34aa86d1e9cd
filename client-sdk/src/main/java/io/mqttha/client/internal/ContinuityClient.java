package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectedEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaClientMetrics;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.ListenerRegistration;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.internal.continuity.Announcement;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.internal.continuity.ContinuityHeaders;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.internal.continuity.ControlMessages;
import io.mqttha.client.internal.continuity.ControlTopics;
import io.mqttha.client.internal.continuity.Decoded;
import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.InvalidReason;
import io.mqttha.client.internal.continuity.RetainedWatches;
import io.mqttha.client.internal.continuity.RepairRequest;
import io.mqttha.client.internal.continuity.RepairUnavailable;
import io.mqttha.client.internal.continuity.ContinuityOrigin;
import io.mqttha.client.internal.continuity.ContinuityTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Message continuity on top of the failover client: every publish is stamped with origin, incarnation,
 * sequence and send time; every received message passes the continuity tracker, which drops duplicates
 * and stale retained copies; gaps are asked of their origin, and this client answers the requests it
 * receives as an origin; retained values it published are re-published when a broker holds an older copy
 * or none.
 *
 * <p>The failover client underneath knows nothing of this: control traffic travels on ordinary
 * subscriptions of its own, which the failover client restores on every node like any other.
 */
final class ContinuityClient implements HaMqttClient {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuityClient.class);
    /** How often due repair requests are sent; far below the repair delay, so requests are not late. */
    private static final Duration REPAIR_POLL_INTERVAL = Duration.ofMillis(100);
    /** How long after a (re)connection the broker's retained copies are awaited before the origin re-publishes. */
    private static final Duration RETAINED_RESYNC_WINDOW = Duration.ofMillis(500);

    private final HaMqttClient delegate;
    private final String clientId;
    private final ContinuityConfig config;
    private final ContinuityOrigin origin;
    private final ContinuityTracker tracker;
    /** Repair polls, announcements and the end of a retained resync, one at a time on shared threads. */
    private final ClientThreads timers;
    /** The few filters through which this origin watches the brokers' copies of its retained topics. */
    private final RetainedWatches retainedWatches = new RetainedWatches();
    private final RetainedRepublisher republisher;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The application's subscriptions by filter; also to hand them a repaired message from the replay topic. */
    private final Map<String, ApplicationSubscription> applicationSubscriptions = new ConcurrentHashMap<>();

    private record ApplicationSubscription(Qos qos, Consumer<InboundMessage> consumer) {
    }

    ContinuityClient(HaMqttClient delegate, ContinuityConfig config, Clock clock) {
        this.delegate = delegate;
        this.clientId = delegate.config().clientId();
        this.timers = new ClientThreads(clientId);
        this.config = config;
        this.origin = new ContinuityOrigin(clientId, Incarnation.start(clock, new SecureRandom()), config, clock);
        this.tracker = new ContinuityTracker(clientId, config, clock);
        this.republisher = new RetainedRepublisher(delegate, topic -> origin.retained().newest(topic));
        delegate.addListener(new HaClientListener() {
            @Override
            public void onConnected(ConnectedEvent event) {
                resyncRetained();
            }
        });
    }

    @Override
    public CompletableFuture<BrokerAddress> connect() {
        if (!started.compareAndSet(false, true)) {
            return delegate.connect();
        }
        delegate.subscribe(ControlTopics.inbox(clientId), Qos.AT_LEAST_ONCE, this::onControlMessage);
        timers.repeat("repair request", REPAIR_POLL_INTERVAL, this::requestRepairs);
        timers.repeat("announcement", config.announceInterval(), this::announce);
        return delegate.connect();
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, Consumer<InboundMessage> consumer) {
        applicationSubscriptions.put(topicFilter, new ApplicationSubscription(qos, consumer));
        delegate.subscribe(ControlTopics.announceFilter(topicFilter), Qos.AT_MOST_ONCE, this::onAnnouncement);
        return subscribeFilter(topicFilter);
    }

    /**
     * Subscribes the engine to {@code filter} for the application, the retained watch or both: the engine keeps
     * one consumer per filter, so an application filter that is also a watch filter must serve both.
     */
    private CompletableFuture<Void> subscribeFilter(String filter) {
        ApplicationSubscription application = applicationSubscriptions.get(filter);
        boolean watching = retainedWatches.contains(filter);
        // A watch alone is QoS 0: it only looks at copies, and a broker handing 100,000 retained copies at QoS 1
        // to one client makes Mosquitto 2.0.11 reuse packet identifiers still in flight (docs/benchmarks.md,
        // "Retained state at scale"), which the HiveMQ client answers by closing the connection.
        Qos qos = application == null ? Qos.AT_MOST_ONCE : application.qos();
        return delegate.subscribe(filter, qos, message -> {
            if (ControlTopics.isControlTopic(message.topic())) {
                return;
            }
            if (watching) {
                onOwnRetainedCopy(message);
            }
            if (application != null) {
                tracker.accept(message, message.topic()).ifPresent(application.consumer());
            }
        });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        applicationSubscriptions.remove(topicFilter);
        String announcements = ControlTopics.announceFilter(topicFilter);
        // Filters that share their first levels share one announcement subscription.
        if (applicationSubscriptions.keySet().stream().map(ControlTopics::announceFilter).noneMatch(announcements::equals)) {
            delegate.unsubscribe(announcements);
        }
        return retainedWatches.contains(topicFilter) ? subscribeFilter(topicFilter) : delegate.unsubscribe(topicFilter);
    }

    /** Unsubscribes the engine from a watch filter that a wider one replaced, unless the application uses it. */
    private void stopWatching(String filter) {
        if (applicationSubscriptions.containsKey(filter)) {
            subscribeFilter(filter);
        } else {
            delegate.unsubscribe(filter);
        }
    }

    @Override
    public CompletableFuture<PublishResult> publish(OutboundMessage message) {
        if (ControlTopics.isControlTopic(message.topic())) {
            throw new IllegalArgumentException("Topics under " + ControlTopics.PREFIX
                    + " carry the SDK's continuity control traffic and cannot be published to: " + message.topic());
        }
        // Before stamping: a refused message must not take a sequence number or a place in the replay buffer.
        PayloadLimit.check(message, delegate.config().maximumPayloadSize());
        OutboundMessage stamped = origin.stamp(message);
        if (message.retain()) {
            // Watching our own retained topics is how a broker's stale copy (or its lack of one) is noticed.
            RetainedWatches.Change change = retainedWatches.add(message.topic());
            if (change.subscribe() != null) {
                subscribeFilter(change.subscribe()).thenRun(() -> change.unsubscribe().forEach(this::stopWatching));
            }
        }
        return delegate.publish(stamped);
    }

    @Override
    public ContinuitySnapshot continuity() {
        return tracker.snapshot();
    }

    @Override
    public Optional<BrokerAddress> currentNode() {
        return delegate.currentNode();
    }

    @Override
    public Optional<BrokerAddress> standbyNode() {
        return delegate.standbyNode();
    }

    @Override
    public List<NodeHealth> nodeHealth() {
        return delegate.nodeHealth();
    }

    @Override
    public HaClientMetrics metrics() {
        return delegate.metrics();
    }

    @Override
    public HaClientConfig config() {
        return delegate.config();
    }

    @Override
    public ListenerRegistration addListener(HaClientListener listener) {
        return delegate.addListener(listener);
    }

    @Override
    public void removeListener(HaClientListener listener) {
        delegate.removeListener(listener);
    }

    @Override
    public void close() {
        timers.shutdown(Duration.ZERO);
        delegate.close();
    }

    private void onControlMessage(InboundMessage message) {
        String topic = message.topic();
        if (topic.equals(ControlTopics.repair(clientId))) {
            answerRepair(message);
        } else if (topic.equals(ControlTopics.replay(clientId))) {
            receiveReplay(message);
        } else if (topic.equals(ControlTopics.unavailable(clientId))) {
            Decoded<RepairUnavailable> decoded = ControlMessages.decodeRepairUnavailable(message.payload());
            if (decoded instanceof Decoded.Valid<RepairUnavailable> valid) {
                tracker.onRepairUnavailable(valid.value());
            } else {
                tracker.countInvalid(InvalidReason.CONTROL_MESSAGE_MALFORMED);
            }
        }
    }

    private void answerRepair(InboundMessage message) {
        Decoded<RepairRequest> decoded = ControlMessages.decodeRepairRequest(message.payload());
        if (!(decoded instanceof Decoded.Valid<RepairRequest> valid)) {
            tracker.countInvalid(InvalidReason.CONTROL_MESSAGE_MALFORMED);
            return;
        }
        ContinuityOrigin.RepairAnswer answer = origin.answer(valid.value());
        answer.replays().forEach(this::publishControl);
        answer.unavailable().ifPresent(this::publishControl);
    }

    private void receiveReplay(InboundMessage message) {
        Optional<String> originalTopic = ContinuityHeaders.replayedTopic(message.userProperties());
        if (originalTopic.isEmpty()) {
            tracker.countInvalid(InvalidReason.CONTROL_MESSAGE_MALFORMED);
            return;
        }
        tracker.accept(message, originalTopic.get()).ifPresent(restored ->
                applicationSubscriptions.forEach((filter, subscription) -> {
                    if (TopicFilters.matches(filter, restored.topic())) {
                        subscription.consumer().accept(restored);
                    }
                }));
    }

    private void onAnnouncement(InboundMessage message) {
        Decoded<Announcement> decoded = ControlMessages.decodeAnnouncement(message.payload());
        if (decoded instanceof Decoded.Valid<Announcement> valid) {
            if (!valid.value().origin().equals(clientId)) {
                tracker.onAnnouncement(valid.value());
            }
        } else {
            tracker.countInvalid(InvalidReason.CONTROL_MESSAGE_MALFORMED);
        }
    }

    private void onOwnRetainedCopy(InboundMessage message) {
        origin.onRetainedObserved(message.topic(), message.userProperties()).ifPresent(newest -> {
            LOG.debug("{} holds an older copy of {}; re-publishing the newest", message.node(), message.topic());
            republisher.republish(message.topic());
        });
    }

    private void resyncRetained() {
        origin.retained().beginResync();
        timers.schedule(() -> origin.retained().finishResync()
                .forEach(missing -> republisher.republish(missing.topic())), RETAINED_RESYNC_WINDOW);
    }

    private void requestRepairs() {
        try {
            for (RepairRequest request : tracker.gapsToRequest()) {
                publishControl(OutboundMessage.of(ControlTopics.repair(request.stream().origin()),
                        ControlMessages.encode(request), Qos.AT_LEAST_ONCE, false));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not request repairs: {}", e.toString());
        }
    }

    private void announce() {
        try {
            origin.announcements().forEach(this::publishControl);
        } catch (RuntimeException e) {
            LOG.warn("Could not announce sequence numbers: {}", e.toString());
        }
    }

    private void publishControl(OutboundMessage message) {
        delegate.publish(message).exceptionally(failure -> {
            LOG.debug("Continuity control message to {} failed: {}", message.topic(), failure.toString());
            return null;
        });
    }
}
