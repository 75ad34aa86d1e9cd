package io.mqttha.client.internal;

import io.mqttha.client.AuthenticationFailedEvent;
import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.BufferFullException;
import io.mqttha.client.BufferOverflowEvent;
import io.mqttha.client.ClientClosedException;
import io.mqttha.client.ConnectedEvent;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.DisconnectedEvent;
import io.mqttha.client.FailoverEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaClientMetrics;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.MessageDroppedException;
import io.mqttha.client.MqttProtocol;
import io.mqttha.client.NoNodeAvailableException;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.NodeHealthEvent;
import io.mqttha.client.NodeHungException;
import io.mqttha.client.NodeState;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuitySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The client's state machine. It keeps one connection in use ({@code active}) and opens a new one on
 * another node when that dies; it never reconnects a library client, so nothing of a dead session leaks.
 *
 * <p>Concurrency: all state is guarded by {@code lock}, which is only held for short, non-blocking steps.
 * Outcomes of network operations are handled on the single coordinator thread, which also runs the
 * watchdog, the probes and the retries; only a publish's acknowledgement outside a planned switch is handled
 * on the thread that delivers it, under the lock like the rest, since handing every acknowledgement to the
 * coordinator cost a thread hop per message. User code never runs under the lock or on the coordinator: futures
 * and listeners are completed on the callback thread, messages are delivered on the inbound thread.
 */
public final class DefaultHaMqttClient implements HaMqttClient {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultHaMqttClient.class);

    /** How often the watchdog looks for hung connections, a missing standby and failback opportunities. */
    static final Duration WATCHDOG_PERIOD = Duration.ofMillis(100);

    /**
     * How far before the failed node's last sign of life the standby's messages are replayed: covers
     * messages the failed node had received but not yet delivered.
     */
    static final Duration STANDBY_REPLAY_MARGIN = Duration.ofSeconds(1);

    /**
     * Most topic filters restored in one SUBSCRIBE: one packet (one SUBACK) for the usual handful, and
     * packets of a few tens of kilobytes, well within what brokers accept, for thousands.
     */
    static final int MAX_FILTERS_PER_SUBSCRIBE = 500;

    /** Delay of the second out-of-turn probe round of an outage; each later round waits twice as long. */
    static final Duration RESCUE_PROBE_START = Duration.ofMillis(25);

    /** How long {@link #close()} waits for disconnects and for callbacks already queued. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private enum Phase { NEW, CONNECTING, SYNCING, READY, CLOSED }

    private final HaClientConfig config;
    private final Clock clock;
    private final NodeTracker nodes;
    private final NodeSelector selector;
    private final Set<Thread> ownThreads = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService coordinator;
    private final Executor coordinatorExecutor;
    private final ExecutorService callbacks;
    private final ExecutorService inbound;
    private final ConnectionFactory factory;
    private final List<HaClientListener> listeners = new CopyOnWriteArrayList<>();
    private final Counters counters = new Counters();
    /** How long a standby keeps messages: long enough to cover hang detection plus the replay margin. */
    private final Duration standbyWindow;

    private final Object lock = new Object();
    private final PublishBuffer buffer;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final CompletableFuture<BrokerAddress> firstConnection = new CompletableFuture<>();
    private final Map<BrokerAddress, HaMqttException> failuresBeforeFirstConnection = new LinkedHashMap<>();
    private final Set<BrokerAddress> probesRunning = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> periodicTasks = new ArrayList<>();
    private volatile List<Subscription> routes = List.of();
    private volatile BrokerAddress currentNode;
    private volatile BrokerAddress standbyNode;
    private Phase phase = Phase.NEW;
    /** The connection in use: SYNCING while subscriptions are restored, READY after. */
    private Link active;
    /** The connection being opened while no connection is in use. */
    private Link attempt;
    /**
     * A main connection being prepared while {@code active} still serves: to the preferred node (failback),
     * or to the node of a promoted standby, which has no last will.
     */
    private Link successor;
    /** A connection on another node holding the same subscriptions, ready to take over. */
    private Link standby;
    /** While true, new publishes wait so that {@code active}'s in-flight ones finish before the switch. */
    private boolean draining;
    private Instant drainDeadline;
    private BrokerAddress lastTried;
    private Instant lostAt;
    private BrokerAddress lostFrom;
    private ScheduledFuture<?> retryTask;
    /** The next round of out-of-turn probes while every node backs off, if one is pending. */
    private ScheduledFuture<?> rescueTask;
    /** Rounds of out-of-turn probes in the current outage. */
    private int rescueRound;

    /** Creates the production client on the HiveMQ MQTT client. */
    public static HaMqttClient create(HaClientConfig config) {
        Objects.requireNonNull(config, "config");
        Clock clock = Clock.systemUTC();
        return new DefaultHaMqttClient(config, clock, new Random(),
                inbound -> new HiveMqConnectionFactory(config, inbound, clock));
    }

    DefaultHaMqttClient(HaClientConfig config, Clock clock, Random random,
            Function<Executor, ConnectionFactory> factoryProvider) {
        this.config = config;
        this.clock = clock;
        this.nodes = new NodeTracker(config.addresses(), config.backoff(), config.authenticationRetryInterval(), clock,
                random::nextDouble);
        this.selector = new NodeSelector(config.nodeSelection(), config.preferredNode(), config.healthProbing(), random);
        this.buffer = new PublishBuffer(config.offlineBuffer());
        this.standbyWindow = config.hangDetectionTimeout().plus(config.keepAlive().multipliedBy(2))
                .plus(STANDBY_REPLAY_MARGIN.multipliedBy(2));
        String name = "mqtt-ha-" + config.clientId();
        this.inbound = Executors.newSingleThreadExecutor(threads(name + "-inbound"));
        try {
            // The library delivers a last error to each flow after close; it must meet a closed door, not a
            // RejectedExecutionException that RxJava reports as undeliverable on standard error.
            this.factory = factoryProvider.apply(this::runInbound);
        } catch (RuntimeException e) {
            inbound.shutdownNow();
            throw e;
        }
        this.coordinator = Executors.newSingleThreadScheduledExecutor(threads(name + "-coordinator"));
        this.callbacks = Executors.newSingleThreadExecutor(threads(name + "-callbacks"));
        this.coordinatorExecutor = task -> {
            try {
                coordinator.execute(task);
            } catch (RejectedExecutionException closed) {
                LOG.trace("Dropping a task after close", closed);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------- API

    @Override
    public CompletableFuture<BrokerAddress> connect() {
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return CompletableFuture.failedFuture(new ClientClosedException("connect() on a closed client"));
            }
            if (phase == Phase.NEW) {
                phase = Phase.CONNECTING;
                startBackgroundTasks();
                coordinatorExecutor.execute(this::attemptNext);
            }
        }
        return firstConnection.copy();
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, Consumer<InboundMessage> consumer) {
        TopicFilters.validate(Objects.requireNonNull(topicFilter, "topicFilter"));
        Subscription subscription = new Subscription(topicFilter, Objects.requireNonNull(qos, "qos"),
                Objects.requireNonNull(consumer, "consumer"));
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return CompletableFuture.failedFuture(new ClientClosedException("subscribe() on a closed client"));
            }
            Subscription replaced = subscriptions.put(topicFilter, subscription);
            if (replaced != null && !replaced.acknowledged) {
                subscription.future.whenComplete((v, e) -> complete(replaced.future, v, e));
            }
            routes = List.copyOf(subscriptions.values());
            for (Link link : connectedLinks()) {
                sendSubscribe(link, List.of(subscription));
            }
        }
        return subscription.future;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        Objects.requireNonNull(topicFilter, "topicFilter");
        CompletableFuture<Void> result = new CompletableFuture<>();
        synchronized (lock) {
            Subscription removed = subscriptions.remove(topicFilter);
            if (removed == null) {
                return CompletableFuture.completedFuture(null);
            }
            routes = List.copyOf(subscriptions.values());
            if (!removed.acknowledged) {
                removed.acknowledged = true;
                callback(() -> removed.future.completeExceptionally(new HaMqttException(
                        "unsubscribed from '" + topicFilter + "' before a broker acknowledged the subscription")));
            }
            List<Link> links = connectedLinks();
            if (links.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (Link link : links) {
                link.hang.requestSent();
                acks.add(guarded(() -> link.connection.unsubscribe(topicFilter))
                        .whenComplete((v, e) -> link.hang.requestDone()));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                Throwable failure = e == null ? null : HiveMqErrors.unwrap(e);
                // Losing the connection also ends the subscription there, and it will not be restored.
                boolean done = failure == null || failure instanceof ConnectionLostException;
                callback(() -> complete(result, null, done ? null : failure));
            });
        }
        return result;
    }

    @Override
    public CompletableFuture<PublishResult> publish(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        if (config.protocol() == MqttProtocol.MQTT_3_1_1 && !message.userProperties().isEmpty()) {
            throw new IllegalArgumentException("User properties need MQTT 5; this client speaks MQTT 3.1.1");
        }
        PayloadLimit.check(message, config.maximumPayloadSize());
        PendingPublish publish = new PendingPublish(message);
        PublishBuffer.Admission admission;
        Link sendOn = null;
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return CompletableFuture.failedFuture(new ClientClosedException("publish() on a closed client"));
            }
            admission = buffer.admit(publish);
            for (PendingPublish evicted : admission.evicted()) {
                dropQos0(evicted, "dropped from the full offline buffer to make room for a newer message");
            }
            if (admission.accepted()) {
                if (phase == Phase.READY && !draining) {
                    sendOn = active;
                    markSent(sendOn, publish);
                }
            } else if (publish.isQos0()) {
                publish.done = true;
                dropQos0(publish, admission.refusal());
            } else {
                counters.rejected.increment();
                emitOverflow(BufferOverflowEvent.Outcome.REJECTED, message.topic());
            }
        }
        if (sendOn != null) {
            // Outside the lock, so that acknowledgements need not wait for the library's publish call. Marked
            // as sent on this connection under the lock, the publish is resent if the connection is lost even
            // before the call below reaches it, and a publish made after this one by the same thread is sent
            // after it.
            transmit(sendOn, publish);
        }
        if (!admission.accepted() && !publish.isQos0()) {
            throw new BufferFullException("Cannot publish to '" + message.topic() + "': " + admission.refusal());
        }
        return publish.future;
    }

    @Override
    public Optional<BrokerAddress> currentNode() {
        return Optional.ofNullable(currentNode);
    }

    @Override
    public Optional<BrokerAddress> standbyNode() {
        return Optional.ofNullable(standbyNode);
    }

    /** Continuity runs in a layer above this client ({@link ContinuityClient}); without it nothing is tracked. */
    @Override
    public ContinuitySnapshot continuity() {
        return new ContinuitySnapshot(List.of(), Map.of(), 0, 0, 0, -1, -1, clock.instant());
    }

    @Override
    public List<NodeHealth> nodeHealth() {
        return nodes.snapshot();
    }

    @Override
    public HaClientMetrics metrics() {
        int bufferedMessages;
        long bufferedBytes;
        synchronized (lock) {
            bufferedMessages = buffer.size();
            bufferedBytes = buffer.bytes();
        }
        return new HaClientMetrics(counters.sent.sum(), counters.acknowledged.sum(), counters.failed.sum(),
                counters.republished.sum(), counters.rejected.sum(), counters.qos0Dropped.sum(),
                counters.failovers.sum(), counters.failbacks.sum(), counters.received.sum(),
                counters.authenticationFailures.sum(), bufferedMessages,
                bufferedBytes, clock.instant());
    }

    @Override
    public HaClientConfig config() {
        return config;
    }

    @Override
    public void addListener(HaClientListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(HaClientListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        List<PendingPublish> unfinished;
        List<Subscription> unacknowledged = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            currentNode = null;
            standbyNode = null;
            periodicTasks.forEach(task -> task.cancel(false));
            if (retryTask != null) {
                retryTask.cancel(false);
            }
            if (rescueTask != null) {
                rescueTask.cancel(false);
            }
            unfinished = buffer.drain();
            unfinished.forEach(p -> p.done = true);
            for (Subscription s : subscriptions.values()) {
                if (!s.acknowledged) {
                    unacknowledged.add(s);
                }
            }
            subscriptions.clear();
            routes = List.of();
            for (Link link : new Link[] {active, attempt, successor, standby}) {
                if (link != null) {
                    links.add(link);
                }
            }
            active = null;
            attempt = null;
            successor = null;
            standby = null;
        }
        counters.failed.add(unfinished.size());
        callback(() -> {
            unfinished.forEach(p -> p.future.completeExceptionally(
                    new ClientClosedException("client closed before the publish to '" + p.message.topic()
                            + "' was acknowledged")));
            unacknowledged.forEach(s -> s.future.completeExceptionally(
                    new ClientClosedException("client closed before the subscription to '" + s.filter
                            + "' was acknowledged")));
            firstConnection.completeExceptionally(new ClientClosedException("client closed before it connected"));
        });
        CompletableFuture<?>[] disconnects = links.stream().map(l -> l.connection.close())
                .toArray(CompletableFuture[]::new);
        boolean mayWait = !ownThreads.contains(Thread.currentThread());
        if (mayWait) {
            try {
                CompletableFuture.allOf(disconnects).get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Not every connection of {} closed gracefully", config.clientId(), e);
            }
        }
        coordinator.shutdownNow();
        callbacks.shutdown();
        inbound.shutdown();
        if (mayWait) {
            awaitQuietly(callbacks);
            awaitQuietly(inbound);
        }
        LOG.info("Client {} closed", config.clientId());
    }

    // ------------------------------------------------------------------------------ connection lifecycle

    /** Opens a connection to the best node now, or schedules the next try. Runs on the coordinator. */
    private void attemptNext() {
        synchronized (lock) {
            if (phase != Phase.CONNECTING || active != null || attempt != null) {
                return;
            }
            if (retryTask != null) {
                retryTask.cancel(false);
                retryTask = null;
            }
            Instant now = clock.instant();
            NodeSelector.Choice choice = selector.select(nodes.candidates(), lastTried, now);
            if (choice.node() == null) {
                long delay = Math.max(1, Duration.between(now, choice.retryAt()).toMillis());
                LOG.debug("Every node is backing off; next attempt in {} ms unless a probe finds one back", delay);
                retryTask = coordinator.schedule(this::attemptNext, delay, TimeUnit.MILLISECONDS);
                scheduleRescueProbes();
                return;
            }
            lastTried = choice.node();
            Link link = new Link(choice.node(), false);
            attempt = link;
            LOG.debug("Connecting to {}", link.node);
            guarded(link.connection::connect).whenCompleteAsync((v, e) -> attemptDone(link, e), coordinatorExecutor);
        }
    }

    private void attemptDone(Link link, Throwable failure) {
        synchronized (lock) {
            if (attempt != link || phase == Phase.CLOSED) {
                link.connection.close();
                return;
            }
            attempt = null;
            if (failure != null) {
                HaMqttException cause = asHaException(failure, link.node);
                LOG.info("Connection attempt to {} failed: {}", link.node, cause.getMessage());
                nodeFailed(link.node, cause);
                recordFailureBeforeFirstConnection(link.node, cause);
                attemptNext();
                return;
            }
            active = link;
            link.connected = true;
            phase = Phase.SYNCING;
            nodes.connected(link.node, Duration.between(link.startedAt, clock.instant())).ifPresent(this::emitHealth);
            restoreSubscriptions(link, () -> synced(link));
        }
    }

    /** Subscriptions are restored on {@code link}: re-send what is unacknowledged, in order, and go READY. */
    private void synced(Link link) {
        synchronized (lock) {
            if (active != link || phase != Phase.SYNCING) {
                return;
            }
            phase = Phase.READY;
            currentNode = link.node;
            rescueRound = 0;
            int resent = sendWaiting(link);
            Instant now = clock.instant();
            emit(l -> l.onConnected(new ConnectedEvent(link.node, now)));
            if (lostAt != null) {
                Duration took = Duration.between(lostAt, now);
                counters.failovers.increment();
                BrokerAddress from = lostFrom;
                LOG.info("Failed over from {} to {} in {} ms, re-sending {} publishes", from, link.node,
                        took.toMillis(), resent);
                emit(l -> l.onFailover(new FailoverEvent(from, link.node, took, false, now)));
                lostAt = null;
                lostFrom = null;
            } else {
                LOG.info("Connected to {}", link.node);
            }
            failuresBeforeFirstConnection.clear();
            callback(() -> firstConnection.complete(link.node));
            ensureStandby();
        }
    }

    /** A connection in use or being prepared is gone: fail over at once. Runs on the coordinator. */
    private void linkLost(Link link, ConnectionLostException cause) {
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (link == successor) {
                abandonSuccessor(cause);
                return;
            }
            if (link == standby) {
                LOG.info("Lost standby {}: {}", link.node, cause.getMessage());
                dropStandby();
                nodes.failed(link.node, stateAfter(cause)).ifPresent(this::emitHealth);
                return;
            }
            if (link != active) {
                return;
            }
            LOG.warn("Lost {}: {}", link.node, cause.getMessage());
            active = null;
            currentNode = null;
            phase = Phase.CONNECTING;
            link.connection.close();
            nodes.failed(link.node, stateAfter(cause)).ifPresent(this::emitHealth);
            Instant now = clock.instant();
            if (lostAt == null) {
                lostAt = now;
                lostFrom = link.node;
            }
            for (PendingPublish p : buffer.inOrder()) {
                if (p.sentOn == link.connection) {
                    p.sentOn = null;
                }
            }
            if (successor != null) {
                abandonSuccessor(new ConnectionLostException(successor.node, "planned switch abandoned", null));
            }
            emit(l -> l.onDisconnected(new DisconnectedEvent(link.node, cause, now)));
            if (standby != null && standby.synced) {
                promoteStandby(link.hang.lastHeard().minus(STANDBY_REPLAY_MARGIN));
            } else {
                // A standby still connecting would share its node with the next attempt; start clean.
                dropStandby();
                attemptNext();
            }
        }
    }

    /** The standby becomes the connection in use: no handshake, no resubscription, so no gap. */
    private void promoteStandby(Instant replayFrom) {
        Link next = standby;
        standby = null;
        standbyNode = null;
        active = next;
        phase = Phase.READY;
        currentNode = next.node;
        rescueRound = 0;
        int resent = sendWaiting(next);
        next.goLive(replayFrom);
        Instant now = clock.instant();
        Duration took = Duration.between(lostAt, now);
        BrokerAddress from = lostFrom;
        lostAt = null;
        lostFrom = null;
        counters.failovers.increment();
        LOG.info("Failed over from {} to standby {} in {} ms, re-sending {} publishes", from, next.node,
                took.toMillis(), resent);
        emit(l -> l.onConnected(new ConnectedEvent(next.node, now)));
        emit(l -> l.onFailover(new FailoverEvent(from, next.node, took, false, now)));
        ensureStandby();
    }

    /** Opens a standby on the best other node if subscriptions need one and none is open. */
    private void ensureStandby() {
        if (!config.standbySubscriptions() || phase != Phase.READY || standby != null || subscriptions.isEmpty()) {
            return;
        }
        List<NodeSelector.Candidate> others = new ArrayList<>();
        for (NodeSelector.Candidate c : nodes.candidates()) {
            boolean reportedBad = config.healthProbing() && c.reportedBad();
            if (!reportedBad && !c.address().equals(active.node)
                    && (successor == null || !c.address().equals(successor.node))) {
                others.add(c);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        NodeSelector.Choice choice = selector.select(others, active.node, clock.instant());
        if (choice.node() == null) {
            return; // every other node is backing off; the watchdog asks again, and so does a probe that finds one
        }
        Link link = new Link(choice.node(), true);
        standby = link;
        guarded(link.connection::connect).whenCompleteAsync((v, e) -> standbyConnected(link, e), coordinatorExecutor);
    }

    private void standbyConnected(Link link, Throwable failure) {
        synchronized (lock) {
            if (standby != link || phase == Phase.CLOSED) {
                link.connection.close();
                return;
            }
            if (failure != null) {
                standby = null;
                HaMqttException cause = asHaException(failure, link.node);
                LOG.info("Standby connection to {} failed: {}", link.node, cause.getMessage());
                nodeFailed(link.node, cause);
                return;
            }
            link.connected = true;
            nodes.connected(link.node, Duration.between(link.startedAt, clock.instant())).ifPresent(this::emitHealth);
            restoreSubscriptions(link, () -> {
                synchronized (lock) {
                    if (standby == link) {
                        link.synced = true;
                        standbyNode = link.node;
                        LOG.info("Standby subscriptions ready on {}", link.node);
                    }
                }
            });
        }
    }

    private void dropStandby() {
        if (standby != null) {
            standby.connection.close();
            standby = null;
            standbyNode = null;
        }
    }

    /** Re-sends every subscription on {@code link} in as few SUBSCRIBE packets as possible, then runs {@code then}. */
    private void restoreSubscriptions(Link link, Runnable then) {
        List<Subscription> all = List.copyOf(subscriptions.values());
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_FILTERS_PER_SUBSCRIBE) {
            acks.add(sendSubscribe(link, all.subList(from, Math.min(all.size(), from + MAX_FILTERS_PER_SUBSCRIBE))));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((v, e) -> then.run(), coordinatorExecutor);
    }

    /**
     * Sends subscriptions in one SUBSCRIBE; the returned future completes, never exceptionally, once the
     * outcome of each is handled.
     */
    private CompletableFuture<Void> sendSubscribe(Link link, List<Subscription> batch) {
        List<BrokerConnection.Filter> filters = batch.stream()
                .map(s -> new BrokerConnection.Filter(s.filter, s.qos))
                .toList();
        link.hang.requestSent();
        return guarded(() -> link.connection.subscribe(filters))
                .handleAsync((outcomes, e) -> {
                    link.hang.requestDone();
                    for (int i = 0; i < batch.size(); i++) {
                        subscribeDone(link, batch.get(i), e != null ? e : outcomes.get(i).orElse(null));
                    }
                    return null;
                }, coordinatorExecutor);
    }

    private void subscribeDone(Link link, Subscription s, Throwable failure) {
        synchronized (lock) {
            if (failure == null) {
                if (!s.acknowledged) {
                    s.acknowledged = true;
                    callback(() -> s.future.complete(null));
                }
                return;
            }
            HaMqttException cause = asHaException(failure, link.node);
            if (cause instanceof ConnectionLostException) {
                return; // restored on the next connection
            }
            if (!s.acknowledged) {
                s.acknowledged = true;
                if (subscriptions.get(s.filter) == s) {
                    subscriptions.remove(s.filter);
                    routes = List.copyOf(subscriptions.values());
                }
                callback(() -> s.future.completeExceptionally(cause));
            } else {
                LOG.warn("{} refused the restored subscription to '{}': {}", link.node, s.filter, cause.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------- publishing

    /** Sends every publish not yet sent on {@code link}, in publish order; returns how many were re-sends. */
    private int sendWaiting(Link link) {
        int resent = 0;
        for (PendingPublish p : List.copyOf(buffer.inOrder())) {
            if (p.sentOn != link.connection) {
                if (p.attempts > 0) {
                    resent++;
                }
                send(link, p);
            }
        }
        return resent;
    }

    private void send(Link link, PendingPublish p) {
        markSent(link, p);
        transmit(link, p);
    }

    private void markSent(Link link, PendingPublish p) {
        p.attempts++;
        p.sentOn = link.connection;
        (p.attempts == 1 ? counters.sent : counters.republished).increment();
        link.hang.requestSent();
    }

    private void transmit(Link link, PendingPublish p) {
        guarded(() -> link.connection.publish(p.message)).whenComplete((v, e) -> {
            if (e != null || !acknowledgedInline(link, p)) {
                coordinatorExecutor.execute(() -> publishDone(link, p, e));
            }
        });
    }

    /**
     * Handles a successful acknowledgement where it arrives, unless a planned switch waits for the
     * in-flight publishes to drain: that decision stays on the coordinator.
     *
     * @return false if the coordinator must handle it
     */
    private boolean acknowledgedInline(Link link, PendingPublish p) {
        synchronized (lock) {
            if (draining) {
                return false;
            }
            link.hang.requestDone();
            if (!p.done) {
                acknowledged(link, p);
            }
            return true;
        }
    }

    private void acknowledged(Link link, PendingPublish p) {
        finish(p);
        counters.acknowledged.increment();
        PublishResult result = new PublishResult(link.node, p.attempts);
        callback(() -> p.future.complete(result));
    }

    private void publishDone(Link link, PendingPublish p, Throwable failure) {
        link.hang.requestDone();
        synchronized (lock) {
            if (!p.done) {
                if (failure == null) {
                    acknowledged(link, p);
                } else {
                    HaMqttException cause = asHaException(failure, link.node);
                    if (cause instanceof ConnectionLostException lost) {
                        if (p.sentOn == link.connection) {
                            p.sentOn = null;
                        }
                        // The library fails publishes this way only when the connection is ending; acting on
                        // it now saves waiting for the disconnect notification.
                        linkLost(link, lost);
                    } else {
                        finish(p);
                        counters.failed.increment();
                        callback(() -> p.future.completeExceptionally(cause));
                    }
                }
            }
            if (draining && link == active && buffer.countSentOn(link.connection) == 0) {
                switchToSuccessor();
            }
        }
    }

    private void finish(PendingPublish p) {
        p.done = true;
        buffer.remove(p);
    }

    private void dropQos0(PendingPublish p, String reason) {
        p.done = true;
        counters.qos0Dropped.increment();
        counters.failed.increment();
        MessageDroppedException dropped = new MessageDroppedException(
                "QoS 0 publish to '" + p.message.topic() + "' " + reason);
        callback(() -> p.future.completeExceptionally(dropped));
        emitOverflow(BufferOverflowEvent.Outcome.QOS0_DROPPED, p.message.topic());
    }

    // ---------------------------------------------------------------------------------- planned switch

    /**
     * Starts moving, without a gap, to the preferred node once it is back (failback), or to a fresh main
     * connection on the same node after a standby without last will took over.
     */
    private void maybeStartPlannedSwitch() {
        if (phase != Phase.READY || successor != null || draining) {
            return;
        }
        BrokerAddress target = null;
        if (active.standbyRole && config.lastWill().isPresent()) {
            target = active.node;
        } else if (config.healthProbing() && selector.wantsFailback(active.node)
                && nodes.upFor(selector.preferred().orElseThrow(), config.failbackDelay())) {
            target = selector.preferred().orElseThrow();
            LOG.info("Preferred node {} is back; preparing failback from {}", target, active.node);
        }
        if (target == null) {
            return;
        }
        if (standby != null && standby.node.equals(target)) {
            dropStandby();
        }
        Link link = new Link(target, false);
        successor = link;
        guarded(link.connection::connect).whenCompleteAsync((v, e) -> successorConnected(link, e), coordinatorExecutor);
    }

    private void successorConnected(Link link, Throwable failure) {
        synchronized (lock) {
            if (successor != link || phase == Phase.CLOSED) {
                link.connection.close();
                return;
            }
            if (failure != null) {
                abandonSuccessor(asHaException(failure, link.node));
                return;
            }
            link.connected = true;
            nodes.connected(link.node, Duration.between(link.startedAt, clock.instant())).ifPresent(this::emitHealth);
            restoreSubscriptions(link, () -> successorSynced(link));
        }
    }

    private void successorSynced(Link link) {
        synchronized (lock) {
            if (successor != link || phase != Phase.READY) {
                return;
            }
            // Make-before-break: the successor already receives; hold new publishes until the old
            // connection's in-flight ones are acknowledged, so nothing is sent twice and order is kept.
            draining = true;
            drainDeadline = clock.instant().plus(config.hangDetectionTimeout());
            if (buffer.countSentOn(active.connection) == 0) {
                switchToSuccessor();
            }
        }
    }

    private void switchToSuccessor() {
        Link old = active;
        Link next = successor;
        successor = null;
        draining = false;
        active = next;
        currentNode = next.node;
        for (PendingPublish p : buffer.inOrder()) {
            if (p.sentOn == old.connection) {
                p.sentOn = null;
            }
        }
        sendWaiting(next);
        old.connection.close();
        if (old.node.equals(next.node)) {
            LOG.info("Replaced the promoted standby on {} with a main connection", next.node);
            return;
        }
        counters.failbacks.increment();
        Instant now = clock.instant();
        Duration took = Duration.between(next.startedAt, now);
        LOG.info("Failed back from {} to preferred node {} in {} ms", old.node, next.node, took.toMillis());
        emit(l -> l.onFailover(new FailoverEvent(old.node, next.node, took, true, now)));
        emit(l -> l.onConnected(new ConnectedEvent(next.node, now)));
        ensureStandby();
    }

    private void abandonSuccessor(HaMqttException cause) {
        Link link = successor;
        successor = null;
        link.connection.close();
        LOG.info("Planned switch to {} abandoned: {}", link.node, cause.getMessage());
        nodeFailed(link.node, cause);
        if (draining) {
            draining = false;
            if (phase == Phase.READY) {
                sendWaiting(active);
            }
        }
    }

    // ------------------------------------------------------------------------------- background tasks

    private void startBackgroundTasks() {
        long period = WATCHDOG_PERIOD.toMillis();
        periodicTasks.add(coordinator.scheduleWithFixedDelay(surviving("watchdog", this::watchdog), period, period,
                TimeUnit.MILLISECONDS));
        if (config.healthProbing()) {
            List<BrokerAddress> addresses = config.addresses();
            long interval = config.healthProbeInterval().toMillis();
            for (int i = 0; i < addresses.size(); i++) {
                BrokerAddress node = addresses.get(i);
                // Spread the probes over the interval rather than opening every connection at once.
                long offset = interval * i / addresses.size();
                periodicTasks.add(coordinator.scheduleAtFixedRate(surviving("probe", () -> probe(node)), offset, interval,
                        TimeUnit.MILLISECONDS));
            }
        }
    }

    /**
     * A periodic task that survives its own failure: a scheduled executor silently cancels a task that
     * throws, which would end hang detection, standby upkeep and failback for the client's whole life.
     */
    private static Runnable surviving(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("The client's {} task failed; it runs again at its next turn", name, e);
            }
        };
    }

    private void watchdog() {
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            for (Link link : connectedLinks()) {
                Optional<Duration> silence = link.hang.hungFor();
                if (silence.isPresent()) {
                    linkLost(link, new NodeHungException(link.node, link.node + " left a request unanswered and sent "
                            + "nothing for " + silence.get().toMillis() + " ms"));
                }
            }
            if (draining && successor != null && !clock.instant().isBefore(drainDeadline)) {
                switchToSuccessor();
            }
            maybeStartPlannedSwitch();
            ensureStandby();
            retryIfDue();
        }
    }

    /**
     * Starts the next connection attempt if the client waits for a backoff that has ended by the client's
     * clock. The retry timer counts the scheduler's time, which can disagree: it stands still while the
     * machine is suspended, and a long wait (a refused node's authentication retry interval) would then
     * overrun by as long.
     */
    private void retryIfDue() {
        if (phase == Phase.CONNECTING && active == null && attempt == null && retryTask != null
                && selector.select(nodes.candidates(), lastTried, clock.instant()).node() != null) {
            attemptNext();
        }
    }

    private void probe(BrokerAddress node) {
        // Re-sending refused credentials every probe interval would be the storm the retry interval prevents.
        if (nodes.refusing(node) || !probesRunning.add(node)) {
            return;
        }
        Instant started = clock.instant();
        // The library enforces both timeouts itself; this bound only guards against a probe that never ends.
        long bound = config.healthProbeTimeout().multipliedBy(2).plusSeconds(1).toMillis();
        guarded(() -> factory.probe(node))
                .orTimeout(bound, TimeUnit.MILLISECONDS)
                .whenCompleteAsync((rtt, e) -> probeDone(node, started, rtt, e), coordinatorExecutor);
    }

    private void probeDone(BrokerAddress node, Instant started, Duration rtt, Throwable failure) {
        probesRunning.remove(node);
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            HaMqttException cause = failure == null ? null : asHaException(failure, node);
            NodeState state = cause == null ? NodeState.UP : stateAfter(cause);
            LOG.trace("Probe of {}: {} {}", node, state, rtt);
            if (state == NodeState.REFUSED) {
                nodeFailed(node, cause);
                // A refused probe leaves the node alone for the retry interval, so no connection attempt
                // would reach it before then: its refusal counts towards connect()'s verdict too.
                recordFailureBeforeFirstConnection(node, cause);
            } else {
                nodes.report(node, state, rtt).ifPresent(this::emitHealth);
            }
            if (state == NodeState.UP && phase == Phase.CONNECTING && attempt == null) {
                attemptNext();
            }
            if (state == NodeState.UP) {
                ensureStandby();
            }
            // A probe can time out on a busy machine; only trust it if the connection in use has been
            // silent since the probe started too.
            if (state == NodeState.HUNG && active != null && active.node.equals(node)
                    && active.hang.lastHeard().isBefore(started)) {
                linkLost(active, new NodeHungException(node, "health probe: " + cause.getMessage()));
            }
        }
    }

    /**
     * The delay before out-of-turn probe round {@code round} (0 first) of one outage, or empty once the
     * scheduled probes, every {@code probeInterval}, come as often: 0, 25, 50, 100 ... ms.
     */
    static Optional<Duration> rescueProbeDelay(int round, Duration probeInterval) {
        if (round == 0) {
            return Optional.of(Duration.ZERO);
        }
        Duration delay = RESCUE_PROBE_START.multipliedBy(1L << Math.min(round - 1, 30));
        return delay.compareTo(probeInterval) < 0 ? Optional.of(delay) : Optional.empty();
    }

    /**
     * Schedules the next round of out-of-turn probes of every node, unless one is pending. Called while no
     * connection is in use and every node is backing off: the scheduled probes visit one node every
     * {@code healthProbeInterval / nodes}, so with seven nodes that had all failed recently, finding one that
     * was back (a restarted broker answers within tens of milliseconds) took about 100 ms per failover.
     * The rounds grow sparse, so a cluster that is really down costs a few extra probes per outage, not a
     * stream of them.
     */
    private void scheduleRescueProbes() {
        if (!config.healthProbing() || rescueTask != null) {
            return;
        }
        Optional<Duration> delay = rescueProbeDelay(rescueRound, config.healthProbeInterval());
        if (delay.isEmpty()) {
            return;
        }
        rescueRound++;
        rescueTask = coordinator.schedule(surviving("rescue probe", this::rescueProbes), delay.get().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void rescueProbes() {
        synchronized (lock) {
            rescueTask = null;
            if (phase != Phase.CONNECTING || attempt != null) {
                return;
            }
            LOG.debug("Every node is backing off; probing them all out of turn (round {})", rescueRound);
        }
        config.addresses().forEach(this::probe);
        synchronized (lock) {
            if (phase == Phase.CONNECTING && attempt == null) {
                scheduleRescueProbes();
            }
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    private List<Link> connectedLinks() {
        List<Link> links = new ArrayList<>(2);
        if (active != null) {
            links.add(active);
        }
        if (successor != null && successor.connected) {
            links.add(successor);
        }
        if (standby != null && standby.connected) {
            links.add(standby);
        }
        return links;
    }

    private void recordFailureBeforeFirstConnection(BrokerAddress node, HaMqttException cause) {
        if (firstConnection.isDone()) {
            return;
        }
        failuresBeforeFirstConnection.putIfAbsent(node, cause);
        if (failuresBeforeFirstConnection.size() == config.addresses().size()
                && failuresBeforeFirstConnection.values().stream().allMatch(AuthenticationFailedException.class::isInstance)) {
            // Not "no node available": every node answered, and waiting or failing over cannot help.
            AuthenticationFailedException refused = everyNodeRefused();
            callback(() -> firstConnection.completeExceptionally(refused));
        } else if (failuresBeforeFirstConnection.size() == config.addresses().size()) {
            StringBuilder summary = new StringBuilder("None of the " + config.addresses().size()
                    + " nodes accepted a connection (the client keeps trying):");
            failuresBeforeFirstConnection.forEach((n, e) -> summary.append(' ').append(n).append(": ")
                    .append(e.getMessage()).append(';'));
            NoNodeAvailableException exception = new NoNodeAvailableException(summary.toString());
            failuresBeforeFirstConnection.values().forEach(exception::addSuppressed);
            callback(() -> firstConnection.completeExceptionally(exception));
        }
    }

    private AuthenticationFailedException everyNodeRefused() {
        Map<BrokerAddress, Integer> codes = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder("Every one of the ").append(config.addresses().size())
                .append(" nodes refused this client's credentials")
                .append(config.credentials().map(c -> " (user '" + c.username() + "')").orElse(" (no credentials set)"))
                .append("; the client tries each again after ").append(config.authenticationRetryInterval().toSeconds())
                .append(" s:");
        for (BrokerAddress node : config.addresses()) {
            AuthenticationFailedException refusal = (AuthenticationFailedException) failuresBeforeFirstConnection.get(node);
            int code = reasonCode(refusal, node);
            codes.put(node, code);
            summary.append(' ').append(node).append(": ").append(AuthenticationCodes.describe(code)).append(" (")
                    .append(AuthenticationCodes.format(code)).append(");");
        }
        AuthenticationFailedException exception = new AuthenticationFailedException(codes, summary.toString());
        failuresBeforeFirstConnection.values().forEach(exception::addSuppressed);
        return exception;
    }

    /**
     * Records a node's failure: its state, its backoff and the health event. A refusal of the credentials
     * makes it {@link NodeState#REFUSED}, waits the authentication retry interval and is reported on its own.
     */
    private void nodeFailed(BrokerAddress node, HaMqttException cause) {
        if (!(cause instanceof AuthenticationFailedException refusal)) {
            nodes.failed(node, stateAfter(cause)).ifPresent(this::emitHealth);
            return;
        }
        counters.authenticationFailures.increment();
        nodes.refused(node).ifPresent(this::emitHealth);
        int code = reasonCode(refusal, node);
        String reason = AuthenticationCodes.describe(code);
        Instant now = clock.instant();
        Instant retryAt = nodes.retryAt(node);
        LOG.warn("{} refused this client's credentials: {} ({}); not trying it again for {} s", node, reason,
                AuthenticationCodes.format(code), Duration.between(now, retryAt).toSeconds());
        AuthenticationFailedEvent event = new AuthenticationFailedEvent(node, code, reason, retryAt, refusal, now);
        emit(l -> l.onAuthenticationFailed(event));
    }

    private static int reasonCode(AuthenticationFailedException refusal, BrokerAddress node) {
        Integer code = refusal.reasonCodes().get(node);
        return code != null ? code : refusal.reasonCodes().values().iterator().next();
    }

    private static NodeState stateAfter(HaMqttException cause) {
        if (cause instanceof AuthenticationFailedException) {
            return NodeState.REFUSED;
        }
        return cause instanceof NodeHungException ? NodeState.HUNG : NodeState.DOWN;
    }

    private static HaMqttException asHaException(Throwable failure, BrokerAddress node) {
        Throwable e = HiveMqErrors.unwrap(failure);
        return e instanceof HaMqttException known ? known : HiveMqErrors.translate(e, node, "operation");
    }

    /** Runs an operation that returns a future, turning a synchronous exception into a failed future. */
    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> void complete(CompletableFuture<T> future, T value, Throwable failure) {
        if (failure == null) {
            future.complete(value);
        } else {
            future.completeExceptionally(failure);
        }
    }

    private void emitHealth(NodeHealthEvent event) {
        if (event.previous().state() == NodeState.UNKNOWN) {
            LOG.debug("Node {} is {}", event.current().node(), event.current().state());
        } else {
            LOG.info("Node {} is {} (was {})", event.current().node(), event.current().state(),
                    event.previous().state());
        }
        emit(l -> l.onNodeHealthChanged(event));
    }

    private void emitOverflow(BufferOverflowEvent.Outcome outcome, String topic) {
        BufferOverflowEvent event = new BufferOverflowEvent(outcome, topic, buffer.size(), buffer.bytes(),
                clock.instant());
        emit(l -> l.onBufferOverflow(event));
    }

    private void emit(Consumer<HaClientListener> call) {
        callback(() -> {
            for (HaClientListener listener : listeners) {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    LOG.warn("Listener {} failed", listener, e);
                }
            }
        });
    }

    private void callback(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("Dropping a callback after close", closed);
        }
    }

    private void runInbound(Runnable task) {
        try {
            inbound.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("Dropping inbound work after close", closed);
        }
    }

    private void route(InboundMessage message) {
        counters.received.increment();
        for (Subscription s : routes) {
            if (TopicFilters.matches(s.filter, message.topic())) {
                try {
                    s.consumer.accept(message);
                } catch (RuntimeException e) {
                    LOG.warn("Consumer of '{}' failed on a message from {}", s.filter, message.node(), e);
                }
            }
        }
    }

    private ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(() -> {
                ownThreads.add(Thread.currentThread());
                runnable.run();
            }, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection with its hang detector; reports its events back to the client. */
    private final class Link implements ConnectionEvents {
        final BrokerAddress node;
        final boolean standbyRole;
        final Instant startedAt;
        final HangDetector hang;
        final BrokerConnection connection;
        /** Guarded by lock: the MQTT handshake completed. */
        boolean connected;
        /** Guarded by lock: a standby whose subscriptions are all in place. */
        boolean synced;
        /** Messages go to consumers; false for a standby, whose messages are only kept for a replay. */
        private volatile boolean live;
        /** Touched on the inbound thread only. */
        private final ArrayDeque<InboundMessage> kept = new ArrayDeque<>();

        Link(BrokerAddress node, boolean standbyRole) {
            this.node = node;
            this.standbyRole = standbyRole;
            this.live = !standbyRole;
            this.startedAt = clock.instant();
            this.hang = new HangDetector(clock, config.hangDetectionTimeout());
            this.connection = factory.create(node, this, standbyRole);
        }

        @Override
        public void onMessage(BrokerConnection from, InboundMessage message) {
            hang.heard();
            if (live) {
                route(message);
                return;
            }
            kept.addLast(message);
            Instant horizon = message.receivedAt().minus(standbyWindow);
            while (kept.size() > config.offlineBuffer().maxMessages()
                    || kept.peekFirst().receivedAt().isBefore(horizon)) {
                kept.removeFirst();
            }
        }

        @Override
        public void onLost(BrokerConnection from, ConnectionLostException cause) {
            coordinatorExecutor.execute(() -> linkLost(this, cause));
        }

        /**
         * Delivers the kept messages received from {@code replayFrom} on, then every new one. Runs on the
         * inbound thread, where this link's messages arrive too, so none slips between replay and live.
         */
        void goLive(Instant replayFrom) {
            runInbound(() -> {
                int replayed = 0;
                for (InboundMessage message : kept) {
                    if (!message.receivedAt().isBefore(replayFrom)) {
                        route(message);
                        replayed++;
                    }
                }
                kept.clear();
                live = true;
                LOG.info("Replayed {} messages kept by the standby on {}", replayed, node);
            });
        }
    }

    /** A subscription the client restores on every node. */
    private static final class Subscription {
        final String filter;
        final Qos qos;
        final Consumer<InboundMessage> consumer;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        /** Guarded by lock: the future has been or is being completed. */
        boolean acknowledged;

        Subscription(String filter, Qos qos, Consumer<InboundMessage> consumer) {
            this.filter = filter;
            this.qos = qos;
            this.consumer = consumer;
        }
    }

    private static final class Counters {
        final LongAdder sent = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder republished = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder qos0Dropped = new LongAdder();
        final LongAdder failovers = new LongAdder();
        final LongAdder failbacks = new LongAdder();
        final LongAdder received = new LongAdder();
        final LongAdder authenticationFailures = new LongAdder();
    }
}
