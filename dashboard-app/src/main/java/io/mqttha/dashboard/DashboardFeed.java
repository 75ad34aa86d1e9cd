package io.mqttha.dashboard;

import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectedEvent;
import io.mqttha.client.DisconnectedEvent;
import io.mqttha.client.FailoverEvent;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaClientListener;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.NodeHealth;
import io.mqttha.client.Qos;
import io.mqttha.dashboard.DashboardEvent.BridgeObserved;
import io.mqttha.dashboard.DashboardEvent.ContinuityObserved;
import io.mqttha.dashboard.DashboardEvent.DashboardConnection;
import io.mqttha.dashboard.DashboardEvent.DashboardFailover;
import io.mqttha.dashboard.DashboardEvent.MessageArrived;
import io.mqttha.dashboard.DashboardEvent.NodeProbed;
import io.mqttha.publisher.PublisherTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the dashboard learns from the network, turned into {@link DashboardEvent}s in its inbox: the
 * messages and events of its one SDK connection over the edges, the SDK's health of every edge, probes of
 * the relays (which the SDK does not know), the relays' bridge reports and the SDK's continuity counters.
 */
public final class DashboardFeed implements AutoCloseable {

    /** How often the SDK's edge health is read. */
    public static final Duration EDGE_HEALTH_INTERVAL = Duration.ofMillis(250);
    /** How often each relay is probed. */
    public static final Duration RELAY_PROBE_INTERVAL = Duration.ofMillis(500);
    /** How often the relays are asked where each bridge is; every ask opens a short connection. */
    public static final Duration BRIDGE_INTERVAL = Duration.ofSeconds(3);
    /** How often the continuity counters are read. */
    public static final Duration CONTINUITY_INTERVAL = Duration.ofSeconds(1);

    /** How long a relay may take to answer a probe (a TLS handshake included) before it counts as hung. */
    private static final Duration RELAY_CONNECT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration RELAY_ANSWER_TIMEOUT = Duration.ofMillis(700);

    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    private static final String TELEMETRY_LEVEL = "/telemetry/";

    private final DashboardTopology topology;
    private final PublisherTopics topics;
    private final DashboardInbox inbox;
    private final Clock clock;
    private final BridgeLookup bridges;
    private final HaMqttClient client;
    private final MqttProbe relayProbe;
    private final ScheduledExecutorService scheduler;

    /**
     * A feed that has not connected yet.
     *
     * @param topology the nodes; the SDK connection uses the edges in order
     * @param topics   the publishers' topic layout
     * @param inbox    where events go
     * @param clock    the time source
     * @param bridges  how to find an edge's relay
     */
    public DashboardFeed(DashboardTopology topology, PublisherTopics topics, DashboardInbox inbox, Clock clock,
            BridgeLookup bridges) {
        this.topology = topology;
        this.topics = topics;
        this.inbox = inbox;
        this.clock = clock;
        this.bridges = bridges;
        HaClientConfig.Builder config = HaClientConfig.builder()
                .addresses(String.join(",", topology.edges().stream().map(NodeInfo::address).toList()))
                .clientId("mqtt-ha-dashboard-" + ProcessHandle.current().pid());
        topology.credentials().ifPresent(config::credentials);
        topology.tls().ifPresent(config::tls);
        this.client = HaMqttClient.create(config.build());
        // The relays serve no clients, so the dashboard probes them itself, over TLS when the cluster speaks it.
        this.relayProbe = topology.tls()
                .flatMap(tls -> tls.trustStore().map(store -> MqttProbe.trusting(RELAY_CONNECT_TIMEOUT,
                        RELAY_ANSWER_TIMEOUT, store, tls.trustStorePassword())))
                .orElseGet(() -> new MqttProbe(RELAY_CONNECT_TIMEOUT, RELAY_ANSWER_TIMEOUT));
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "dashboard-feed-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects, subscribes to every publisher topic at QoS 2 and starts polling; returns at once. */
    public void start() {
        client.addListener(new ConnectionEvents());
        for (String filter : topics.filters()) {
            client.subscribe(filter, Qos.EXACTLY_ONCE, this::onMessage).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warn("The dashboard's subscription to {} failed: {}", filter, failure.getMessage());
                }
            });
        }
        client.connect().whenComplete((node, failure) -> {
            if (failure != null) {
                LOG.warn("The dashboard reaches no edge yet ({}); it keeps trying", failure.getMessage());
            }
        });
        every(EDGE_HEALTH_INTERVAL, this::readEdgeHealth);
        for (NodeInfo relay : topology.relays()) {
            every(RELAY_PROBE_INTERVAL, () -> probeRelay(relay));
        }
        every(BRIDGE_INTERVAL, this::readBridges);
        every(CONTINUITY_INTERVAL, () -> inbox.offer(new ContinuityObserved(client.continuity())));
    }

    private void every(Duration interval, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Dashboard polling failed; it retries", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onMessage(InboundMessage message) {
        String topic = message.topic();
        boolean telemetry = topic.contains(TELEMETRY_LEVEL);
        // A stored retained copy's send time gives its age, and a repaired message's includes noticing the gap:
        // neither is the latency the chart shows.
        boolean live = !message.retain() && !message.repaired();
        long latency = message.sentAt()
                .filter(sentAt -> live)
                .map(sentAt -> Math.max(0, Duration.between(sentAt, message.receivedAt()).toMillis()))
                .orElse(-1L);
        inbox.offer(new MessageArrived(topic, telemetry ? "" : new String(message.payload(), StandardCharsets.UTF_8),
                message.qos().code(), message.retain(), message.node().toString(), message.receivedAt(), latency));
    }

    private void readEdgeHealth() {
        for (NodeHealth health : client.nodeHealth()) {
            topology.nodeAt(health.node().toString()).ifPresent(name -> inbox.offer(new NodeProbed(name,
                    NodeStatus.of(health.state()), health.roundTripTime(), clock.instant())));
        }
    }

    private void probeRelay(NodeInfo relay) {
        BrokerAddress address = BrokerAddress.parse(relay.address());
        MqttProbe.Result result = relayProbe.probe(address.host(), address.port());
        inbox.offer(new NodeProbed(relay.name(), NodeStatus.of(result.state()),
                result.state() == io.mqttha.brokers.probe.NodeState.UP ? Optional.of(result.roundTrip()) : Optional.empty(),
                clock.instant()));
    }

    private void readBridges() {
        for (NodeInfo edge : topology.edges()) {
            inbox.offer(new BridgeObserved(edge.name(), bridges.relayOf(edge.name())));
        }
    }

    /** Stops polling, queues the final continuity counters and closes the connection; idempotent. */
    @Override
    public void close() {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.shutdownNow();
        inbox.offer(new ContinuityObserved(client.continuity()));
        client.close();
    }

    /** Turns the SDK's connection events into dashboard events. */
    private final class ConnectionEvents implements HaClientListener {
        @Override
        public void onConnected(ConnectedEvent event) {
            inbox.offer(new DashboardConnection(Optional.of(event.node().toString()), event.time()));
        }

        @Override
        public void onDisconnected(DisconnectedEvent event) {
            inbox.offer(new DashboardConnection(Optional.empty(), event.time()));
        }

        @Override
        public void onFailover(FailoverEvent event) {
            inbox.offer(new DashboardFailover(nameOf(event.from()), nameOf(event.to()), event.duration(), event.time()));
        }

        private String nameOf(BrokerAddress address) {
            return topology.nodeAt(address.toString()).orElse(address.toString());
        }
    }
}
