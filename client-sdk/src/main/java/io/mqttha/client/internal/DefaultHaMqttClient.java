package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ClientClosedException;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.DisconnectedEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaClientMetrics;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.ListenerRegistration;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.NodeHungException;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import io.mqttha.client.continuity.ContinuitySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The failover engine: the lock, the phase, and the main connection's life from attempt to loss. Every
 * other concern is a collaborator it calls under its lock (see the package documentation): subscriptions
 * ({@link SubscriptionRegistry}), publishes ({@link PublishPipeline}), the standby ({@link Standby}), failback
 * and the standby's replacement ({@link PlannedSwitch}), probing ({@link HealthProbes}), node health
 * ({@link NodeHealthRecorder}), the outcome of {@code connect()} ({@link ConnectVerdict}) and events
 * ({@link EventDispatcher}). It never reconnects a library client, so nothing of a dead session leaks.
 */
final class DefaultHaMqttClient implements HaMqttClient, PlannedSwitch.Host, HealthProbes.Host {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultHaMqttClient.class);

    /** How often the watchdog looks for hung connections, a missing standby and failback opportunities. */
    static final Duration WATCHDOG_PERIOD = Duration.ofMillis(100);

    /**
     * How far before the failed node's last sign of life the standby's messages are replayed: covers
     * messages the failed node had received but not yet delivered.
     */
    static final Duration STANDBY_REPLAY_MARGIN = Duration.ofSeconds(1);

    /** How long {@link #close()} waits for disconnects and for callbacks already queued. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private enum Phase { NEW, CONNECTING, SYNCING, READY, CLOSED }

    private final Object lock = new Object();
    private final HaClientConfig config;
    private final Clock clock;
    private final ClientThreads threads;
    private final ClientCounters counters = new ClientCounters();
    private final NodeTracker nodes;
    private final NodeChoice choice;
    private final EventDispatcher events;
    private final NodeHealthRecorder health;
    private final ConnectVerdict verdict;
    private final SubscriptionRegistry subscriptions;
    private final PublishPipeline publishes;
    private final Standby standby;
    private final PlannedSwitch plannedSwitch;
    private final HealthProbes probes;
    private final Link.Context links;
    private final Outage outage;
    private final List<ScheduledFuture<?>> periodicTasks = new ArrayList<>();
    private volatile BrokerAddress currentNode;
    private Phase phase = Phase.NEW;
    /** The connection in use: SYNCING while subscriptions are restored, READY after. */
    private Link active;
    /** The connection being opened while no connection is in use. */
    private Link attempt;
    private BrokerAddress lastTried;
    private ScheduledFuture<?> retryTask;

    /** A client whose probes go through its own factory, as tests with fake connections need. */
    DefaultHaMqttClient(HaClientConfig config, Clock clock, Random random,
            Function<Executor, ConnectionFactory> factoryProvider) {
        this(config, clock, random, factoryProvider,
                (factory, listener) -> NodeProbers.dedicated(config, factory, clock, listener));
    }

    /**
     * @param factoryProvider makes the connection factory, given the inbound lane
     * @param probers         subscribes a listener to the prober the client's health probes come from
     */
    DefaultHaMqttClient(HaClientConfig config, Clock clock, Random random,
            Function<Executor, ConnectionFactory> factoryProvider,
            BiFunction<ConnectionFactory, NodeProber.Listener, NodeProbers.Subscription> probers) {
        this.config = config;
        this.clock = clock;
        this.threads = new ClientThreads(config.clientId());
        ConnectionFactory factory;
        try {
            factory = factoryProvider.apply(threads::inbound);
        } catch (RuntimeException e) {
            threads.shutdown(Duration.ZERO);
            throw e;
        }
        this.nodes = new NodeTracker(config.addresses(), config.backoff(), config.authenticationRetryInterval(), clock,
                random::nextDouble);
        NodeSelector selector = new NodeSelector(config.nodeSelection(), config.preferredNode(), config.healthProbing(),
                random, config.clientId());
        this.events = new EventDispatcher(threads, clock);
        this.health = new NodeHealthRecorder(nodes, events, counters, clock);
        this.verdict = new ConnectVerdict(config, threads);
        this.outage = new Outage(events, counters);
        this.subscriptions = new SubscriptionRegistry(lock, threads, counters);
        Duration standbyWindow = config.hangDetectionTimeout().plus(config.keepAlive().multipliedBy(2))
                .plus(STANDBY_REPLAY_MARGIN.multipliedBy(2));
        this.links = new Link.Context(clock, config.hangDetectionTimeout(), factory, threads, subscriptions::route,
                this::linkLost, standbyWindow, config.offlineBuffer().maxMessages());
        this.publishes = new PublishPipeline(config, lock, threads, events, counters);
        this.choice = new NodeChoice(config, clock, nodes, selector);
        LinkOpener opener = new LinkOpener(lock, health, subscriptions, links);
        this.standby = new Standby(config, choice, opener, health, subscriptions, clock, random::nextDouble);
        this.plannedSwitch = new PlannedSwitch(config, clock, choice, opener, health, publishes, standby, events,
                counters);
        this.probes = new HealthProbes(config, lock, threads, health, verdict,
                listener -> probers.apply(factory, listener));
        publishes.attach(plannedSwitch, this::linkLost);
        plannedSwitch.attach(this);
        probes.attach(this);
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
                periodicTasks.add(threads.repeat("watchdog", WATCHDOG_PERIOD, this::watchdog));
                probes.start();
                threads.coordinate(this::attemptNext);
            }
        }
        return verdict.future();
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, Consumer<InboundMessage> consumer) {
        TopicFilters.validate(Objects.requireNonNull(topicFilter, "topicFilter"));
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(consumer, "consumer");
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return CompletableFuture.failedFuture(new ClientClosedException("subscribe() on a closed client"));
            }
            return subscriptions.add(topicFilter, qos, consumer, connectedLinks());
        }
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String topicFilter) {
        Objects.requireNonNull(topicFilter, "topicFilter");
        synchronized (lock) {
            return subscriptions.remove(topicFilter, connectedLinks());
        }
    }

    @Override
    public CompletableFuture<PublishResult> publish(OutboundMessage message) {
        PendingPublish publish = publishes.prepare(Objects.requireNonNull(message, "message"));
        PublishPipeline.Admission admission;
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return CompletableFuture.failedFuture(new ClientClosedException("publish() on a closed client"));
            }
            admission = publishes.admit(publish, readyLink() != null && !plannedSwitch.draining() ? active : null);
        }
        return publishes.transmit(admission);
    }

    @Override
    public Optional<BrokerAddress> currentNode() {
        return Optional.ofNullable(currentNode);
    }

    @Override
    public Optional<BrokerAddress> standbyNode() {
        return standby.readyNode();
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
        synchronized (lock) {
            return counters.snapshot(publishes.bufferedMessages(), publishes.bufferedBytes(), clock.instant());
        }
    }

    @Override
    public HaClientConfig config() {
        return config;
    }

    @Override
    public ListenerRegistration addListener(HaClientListener listener) {
        return events.add(listener);
    }

    @Override
    public void removeListener(HaClientListener listener) {
        events.remove(listener);
    }

    @Override
    public void close() {
        List<Link> open = new ArrayList<>();
        synchronized (lock) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            currentNode = null;
            periodicTasks.forEach(task -> task.cancel(false));
            if (retryTask != null) {
                retryTask.cancel(false);
            }
            probes.close();
            publishes.close();
            subscriptions.close();
            verdict.closed();
            for (Link link : new Link[] {active, attempt, plannedSwitch.detach(), standby.detach()}) {
                if (link != null) {
                    open.add(link);
                }
            }
            active = null;
            attempt = null;
        }
        Link.closeAll(open, threads.isOwnThread() ? Duration.ZERO : CLOSE_GRACE);
        threads.shutdown(CLOSE_GRACE);
        LOG.info("Client {} closed", config.clientId());
    }

    // ------------------------------------------------------------------------------ connection lifecycle

    /** Opens a connection to the best node now, or schedules the next try. Runs on the coordinator. */
    private void attemptNext() {
        synchronized (lock) {
            if (!waitingForNode()) {
                return;
            }
            if (retryTask != null) {
                retryTask.cancel(false);
                retryTask = null;
            }
            Instant now = clock.instant();
            NodeSelector.Choice next = choice.main(lastTried);
            if (next.node() == null) {
                Duration delay = Duration.ofMillis(Math.max(1, Duration.between(now, next.retryAt()).toMillis()));
                LOG.debug("Every node is backing off; next attempt in {} ms unless a probe finds one back",
                        delay.toMillis());
                retryTask = threads.schedule(this::attemptNext, delay);
                probes.scheduleRescue();
                return;
            }
            lastTried = next.node();
            Link link = new Link(next.node(), false, links);
            attempt = link;
            LOG.debug("Connecting to {}", link.node);
            Failures.guarded(link.connection::connect)
                    .whenCompleteAsync((v, e) -> attemptDone(link, e), threads.coordinator());
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
                HaMqttException cause = Failures.asHaException(failure, link.node);
                LOG.info("Connection attempt to {} failed: {}", link.node, cause.getMessage());
                health.failed(link.node, cause);
                verdict.failed(link.node, cause);
                attemptNext();
                return;
            }
            active = link;
            link.connected = true;
            phase = Phase.SYNCING;
            health.connected(link.node, link.startedAt);
            subscriptions.restore(link, () -> synced(link));
        }
    }

    /** Subscriptions are restored on {@code link}: re-send what is unacknowledged, in order, and go READY. */
    private void synced(Link link) {
        synchronized (lock) {
            if (active != link || phase != Phase.SYNCING) {
                return;
            }
            becomeReady(link, false);
            verdict.connected(link.node);
        }
    }

    /** A connection in use or being prepared is gone: fail over at once. Runs on the coordinator. */
    private void linkLost(Link link, ConnectionLostException cause) {
        synchronized (lock) {
            if (phase == Phase.CLOSED || standby.lost(link, cause)) {
                return;
            }
            if (link == plannedSwitch.successor()) {
                plannedSwitch.abandon(cause);
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
            health.lost(link.node, cause);
            Instant now = clock.instant();
            outage.begin(link.node, now);
            publishes.release(link);
            if (plannedSwitch.successor() != null) {
                plannedSwitch.abandon(new ConnectionLostException(plannedSwitch.successorNode(),
                        "planned switch abandoned", null));
            }
            events.emit(l -> l.onDisconnected(new DisconnectedEvent(link.node, cause, now)));
            if (standby.ready()) {
                // The standby becomes the connection in use: no handshake, no resubscription, so no gap.
                Link next = standby.promote();
                active = next;
                becomeReady(next, true);
                next.goLive(link.hang.lastHeard().minus(STANDBY_REPLAY_MARGIN));
            } else {
                // A standby still connecting would share its node with the next attempt; start clean.
                standby.drop();
                attemptNext();
            }
        }
    }

    /** {@code link}, the main connection, is ready: send what waits and report the connection or failover. */
    private void becomeReady(Link link, boolean promotedStandby) {
        phase = Phase.READY;
        currentNode = link.node;
        probes.resetRescue();
        int resent = publishes.sendWaiting(link);
        Instant now = clock.instant();
        events.connected(link.node, now);
        outage.endOn(link.node, resent, promotedStandby, now);
        standby.ensure(link.node, plannedSwitch.successorNode());
    }

    // ------------------------------------------------------------------------------- background tasks

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
            plannedSwitch.checkDeadline();
            if (readyLink() != null) {
                plannedSwitch.maybeStart(active);
                ensureStandby();
            }
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
        if (waitingForNode() && retryTask != null && choice.mainAvailable(lastTried)) {
            attemptNext();
        }
    }

    // ------------------------------------------------------------------------- collaborators' callbacks

    @Override
    public boolean waitingForNode() {
        return phase == Phase.CONNECTING && active == null && attempt == null;
    }

    @Override
    public void probeFoundUp(BrokerAddress node) {
        if (waitingForNode()) {
            attemptNext();
        }
        ensureStandby();
    }

    /** A probe can time out on a busy machine; only trust it if the main connection was silent since it started. */
    @Override
    public void probeFoundHung(BrokerAddress node, Instant started, HaMqttException cause) {
        if (active != null && active.node.equals(node) && active.hang.lastHeard().isBefore(started)) {
            linkLost(active, new NodeHungException(node, "health probe: " + cause.getMessage()));
        }
    }

    @Override
    public Link readyLink() {
        return phase == Phase.READY ? active : null;
    }

    @Override
    public Link replaceMain(Link next) {
        Link old = active;
        active = next;
        currentNode = next.node;
        return old;
    }

    @Override
    public void switched() {
        ensureStandby();
    }

    private void ensureStandby() {
        if (phase == Phase.READY) {
            standby.ensure(active.node, plannedSwitch.successorNode());
        }
    }

    private List<Link> connectedLinks() {
        List<Link> connected = new ArrayList<>(3);
        for (Link link : new Link[] {active, plannedSwitch.successor(), standby.link()}) {
            if (link != null && (link == active || link.connected)) {
                connected.add(link);
            }
        }
        return connected;
    }
}
