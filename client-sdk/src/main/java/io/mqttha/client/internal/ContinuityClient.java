package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.InvalidReason;
import io.mqttha.client.internal.continuity.Announcement;
import io.mqttha.client.internal.continuity.ContinuityHeaders;
import io.mqttha.client.internal.continuity.ContinuityOrigin;
import io.mqttha.client.internal.continuity.ContinuityTracker;
import io.mqttha.client.internal.continuity.ControlMessages;
import io.mqttha.client.internal.continuity.ControlTopics;
import io.mqttha.client.internal.continuity.Decoded;
import io.mqttha.client.internal.continuity.RepairRequest;
import io.mqttha.client.internal.continuity.RepairUnavailable;
import io.mqttha.client.internal.continuity.RetainedVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
 * receives as an origin; retained values it published converge on every broker
 * ({@link RetainedConvergence}), told apart by the version each one is stamped with.
 *
 * <p>The failover client underneath knows nothing of this: control traffic travels on ordinary
 * subscriptions of its own, which the failover client restores on every node like any other.
 */
final class ContinuityClient extends ForwardingHaMqttClient {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuityClient.class);
    /** How often due repair requests are sent; far below the repair delay, so requests are not late. */
    private static final Duration REPAIR_POLL_INTERVAL = Duration.ofMillis(100);

    private final String clientId;
    private final ContinuityConfig config;
    private final ContinuityOrigin origin;
    private final ContinuityTracker tracker;
    /** Repair polls, announcements and the end of a retained resync, one at a time on shared threads. */
    private final ClientThreads timers;
    private final RetainedConvergence<RetainedVersion> retained;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The application's consumers by filter, to hand them a repaired message from the replay topic. */
    private final Map<String, Consumer<InboundMessage>> applicationConsumers = new ConcurrentHashMap<>();

    ContinuityClient(HaMqttClient delegate, ContinuityConfig config, Clock clock) {
        super(delegate);
        this.clientId = delegate.config().clientId();
        this.timers = new ClientThreads(clientId);
        this.config = config;
        this.origin = new ContinuityOrigin(clientId, Incarnation.start(clock, new SecureRandom()), config, clock);
        this.tracker = new ContinuityTracker(clientId, config, clock);
        this.retained = new RetainedConvergence<>(delegate, origin.retained(),
                copy -> ContinuityHeaders.retainedVersion(copy.userProperties()), timers);
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
        applicationConsumers.put(topicFilter, consumer);
        delegate.subscribe(ControlTopics.announceFilter(topicFilter), Qos.AT_MOST_ONCE, this::onAnnouncement);
        return retained.subscribe(topicFilter, qos, message -> {
            if (!ControlTopics.isControlTopic(message.topic())) {
                tracker.accept(message, message.topic()).ifPresent(consumer);
            }
        });
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        applicationConsumers.remove(topicFilter);
        String announcements = ControlTopics.announceFilter(topicFilter);
        // Filters that share their first levels share one announcement subscription.
        if (applicationConsumers.keySet().stream().map(ControlTopics::announceFilter).noneMatch(announcements::equals)) {
            delegate.unsubscribe(announcements);
        }
        return retained.unsubscribe(topicFilter);
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
            retained.watch(message.topic());
        }
        return delegate.publish(stamped);
    }

    @Override
    public ContinuitySnapshot continuity() {
        return tracker.snapshot();
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
                applicationConsumers.forEach((filter, consumer) -> {
                    if (TopicFilters.matches(filter, restored.topic())) {
                        consumer.accept(restored);
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
