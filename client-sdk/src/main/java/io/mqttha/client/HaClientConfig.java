package io.mqttha.client;

import io.mqttha.client.continuity.ContinuityConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The immutable configuration of one {@link HaMqttClient}. Build it with {@link #builder()}; every value
 * is checked in {@link Builder#build()}, which reports all problems at once.
 *
 * <pre>{@code
 * HaClientConfig config = HaClientConfig.builder()
 *         .addresses("127.0.0.1:18831,127.0.0.1:18832,127.0.0.1:18833")
 *         .clientId("meter-42")
 *         .build();
 * }</pre>
 */
public final class HaClientConfig {

    /** Protocol spoken unless set: MQTT 5, needed for user properties and reason codes. */
    public static final MqttProtocol DEFAULT_PROTOCOL = MqttProtocol.MQTT_5;

    /**
     * Keep-alive of the main connection: one second, so that an idle connection to a frozen broker is
     * closed after about two seconds (the MQTT client pings after one idle second and gives up one second
     * later). It costs one two-byte PINGREQ per idle second.
     */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(1);

    /**
     * Longest wait for the TCP connection and, separately, for the CONNACK when connecting to a node.
     * A frozen broker still completes the TCP handshake, so this bounds the time lost on it.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long the node in use may leave a publish, subscribe or unsubscribe unanswered, while saying
     * nothing else, before the client declares it hung and fails over.
     */
    public static final Duration DEFAULT_HANG_DETECTION_TIMEOUT = Duration.ofSeconds(3);

    /** Node selection unless set: the configured order. */
    public static final NodeSelection DEFAULT_NODE_SELECTION = NodeSelection.ORDERED;

    /**
     * How long health probes must have seen the preferred node up before the client moves back to it,
     * so that a flapping node does not drag the client along.
     */
    public static final Duration DEFAULT_FAILBACK_DELAY = Duration.ofSeconds(5);

    /** Health probing is on unless switched off: it gives node health and faster hang detection. */
    public static final boolean DEFAULT_HEALTH_PROBING = true;

    /** Time between two health probes of one node. */
    public static final Duration DEFAULT_HEALTH_PROBE_INTERVAL = Duration.ofSeconds(1);

    /** Longest wait for a probe's CONNACK before the node is reported hung (or down, without TCP). */
    public static final Duration DEFAULT_HEALTH_PROBE_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Standby subscriptions are on unless switched off: while the client has subscriptions it keeps them
     * on a second node too, so that messages that pass during a failover are replayed rather than lost.
     */
    public static final boolean DEFAULT_STANDBY_SUBSCRIPTIONS = true;

    /**
     * Message continuity is on by default for MQTT 5: publishes carry origin, incarnation, sequence and send
     * time; subscribers drop duplicates, count gaps and ask origins to repair them.
     */
    public static final boolean DEFAULT_CONTINUITY = true;

    /** Prefix of the generated client id used when none is set. */
    public static final String DEFAULT_CLIENT_ID_PREFIX = "mqtt-ha-";

    /**
     * How long a node that refused this client's credentials ({@link NodeState#REFUSED}) is left alone,
     * by connection attempts and health probes alike: 30 seconds. Credentials do not fix themselves within
     * a backoff, and a client that resends rejected credentials many times a second floods the broker's log
     * and looks like an attack; meanwhile the client uses the other nodes, which may accept it.
     */
    public static final Duration DEFAULT_AUTHENTICATION_RETRY_INTERVAL = Duration.ofSeconds(30);

    /**
     * The largest payload {@code publish} accepts unless set: 256 KiB (262,144 bytes). The project's brokers
     * are configured to match: every node refuses MQTT packets above {@code max_packet_size 278528}, this
     * limit plus 16 KiB for the topic and user properties, continuity metadata included (which is why this
     * limit counts the payload alone). A larger message would never be delivered: Mosquitto closes the
     * connection of a client that sends one. Refusing it here, with {@link PayloadTooLargeException}, names
     * the problem at once and keeps the connection. Topics and user properties of more than 16 KiB together
     * still exceed the brokers' limit.
     */
    public static final int DEFAULT_MAXIMUM_PAYLOAD_SIZE = 256 * 1024;

    /** The largest payload MQTT can carry at all: a packet's remaining length is at most 268,435,455 bytes. */
    public static final int MQTT_MAXIMUM_PAYLOAD_SIZE = 268_435_455;

    private final List<BrokerAddress> addresses;
    private final String clientId;
    private final Credentials credentials;
    private final TlsSettings tls;
    private final MqttProtocol protocol;
    private final Duration keepAlive;
    private final Duration connectTimeout;
    private final Duration hangDetectionTimeout;
    private final NodeSelection nodeSelection;
    private final BrokerAddress preferredNode;
    private final Duration failbackDelay;
    private final BackoffPolicy backoff;
    private final OfflineBufferLimits offlineBuffer;
    private final boolean healthProbing;
    private final boolean standbySubscriptions;
    private final Duration healthProbeInterval;
    private final Duration healthProbeTimeout;
    private final OutboundMessage lastWill;
    private final ContinuityConfig continuity;
    private final Duration authenticationRetryInterval;
    private final int maximumPayloadSize;

    private HaClientConfig(Builder b, List<BrokerAddress> addresses, BrokerAddress preferredNode, String clientId) {
        this.addresses = List.copyOf(addresses);
        this.clientId = clientId;
        this.credentials = b.credentials;
        this.tls = b.tls;
        this.protocol = b.protocol;
        this.keepAlive = b.keepAlive;
        this.connectTimeout = b.connectTimeout;
        this.hangDetectionTimeout = b.hangDetectionTimeout;
        this.nodeSelection = b.nodeSelection;
        this.preferredNode = preferredNode;
        this.failbackDelay = b.failbackDelay;
        this.backoff = b.backoff;
        this.offlineBuffer = b.offlineBuffer;
        this.healthProbing = b.healthProbing;
        this.standbySubscriptions = b.standbySubscriptions;
        this.healthProbeInterval = b.healthProbeInterval;
        this.healthProbeTimeout = b.healthProbeTimeout;
        this.lastWill = b.lastWill;
        this.continuity = b.continuityEnabled && protocol == MqttProtocol.MQTT_5 ? b.continuity : null;
        this.authenticationRetryInterval = b.authenticationRetryInterval;
        this.maximumPayloadSize = b.maximumPayloadSize;
    }

    /**
     * Starts a configuration with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the broker nodes, in configured order, without duplicates.
     *
     * @return at least one address
     */
    public List<BrokerAddress> addresses() {
        return addresses;
    }

    /**
     * Returns the MQTT client id used on every node; probes append {@code -probe}, the standby {@code -standby}.
     *
     * @return the client id
     */
    public String clientId() {
        return clientId;
    }

    /**
     * Returns the credentials sent on connect, if any.
     *
     * @return the credentials
     */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Returns the TLS settings, if connections use TLS.
     *
     * @return the TLS settings
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Returns the MQTT version.
     *
     * @return the protocol
     */
    public MqttProtocol protocol() {
        return protocol;
    }

    /**
     * Returns the keep-alive of the main connection (whole seconds).
     *
     * @return the keep-alive
     */
    public Duration keepAlive() {
        return keepAlive;
    }

    /**
     * Returns the TCP and CONNACK timeout of each connection attempt.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns how long the node in use may stay silent with a request outstanding.
     *
     * @return the hang detection timeout
     */
    public Duration hangDetectionTimeout() {
        return hangDetectionTimeout;
    }

    /**
     * Returns the node selection strategy.
     *
     * @return the strategy
     */
    public NodeSelection nodeSelection() {
        return nodeSelection;
    }

    /**
     * Returns the preferred node; present exactly when the selection is {@link NodeSelection#PREFERRED}.
     *
     * @return the preferred node
     */
    public Optional<BrokerAddress> preferredNode() {
        return Optional.ofNullable(preferredNode);
    }

    /**
     * Returns how long the preferred node must be seen up before failing back to it.
     *
     * @return the failback delay
     */
    public Duration failbackDelay() {
        return failbackDelay;
    }

    /**
     * Returns the per-node backoff.
     *
     * @return the backoff policy
     */
    public BackoffPolicy backoff() {
        return backoff;
    }

    /**
     * Returns the bounds of the offline buffer.
     *
     * @return the limits
     */
    public OfflineBufferLimits offlineBuffer() {
        return offlineBuffer;
    }

    /**
     * Tells whether every node is probed in the background.
     *
     * @return true if health probing is on
     */
    public boolean healthProbing() {
        return healthProbing;
    }

    /**
     * Tells whether subscriptions are also kept on a standby node.
     *
     * @return true if standby subscriptions are on
     */
    public boolean standbySubscriptions() {
        return standbySubscriptions;
    }

    /**
     * Returns the time between two probes of one node.
     *
     * @return the probe interval
     */
    public Duration healthProbeInterval() {
        return healthProbeInterval;
    }

    /**
     * Returns the longest wait for a probe's answer.
     *
     * @return the probe timeout
     */
    public Duration healthProbeTimeout() {
        return healthProbeTimeout;
    }

    /**
     * Returns the last will registered on every main connection (not on the standby), if any.
     *
     * @return the will message
     */
    public Optional<OutboundMessage> lastWill() {
        return Optional.ofNullable(lastWill);
    }

    /**
     * Returns the message continuity settings, empty when continuity is off: switched off, or MQTT 3.1.1,
     * which has no user properties to carry it.
     *
     * @return the continuity settings
     */
    public Optional<ContinuityConfig> continuity() {
        return Optional.ofNullable(continuity);
    }

    /**
     * Returns how long a node that refused the credentials is left alone before it is tried again.
     *
     * @return the authentication retry interval
     */
    public Duration authenticationRetryInterval() {
        return authenticationRetryInterval;
    }

    /**
     * Returns the largest payload {@code publish} accepts; topic and user properties do not count.
     *
     * @return bytes
     */
    public int maximumPayloadSize() {
        return maximumPayloadSize;
    }

    /** Lists every setting; passwords never appear (see {@link Credentials} and {@link TlsSettings}). */
    @Override
    public String toString() {
        return "HaClientConfig[addresses=" + addresses + ", clientId=" + clientId + ", credentials=" + credentials
                + ", tls=" + tls + ", protocol=" + protocol + ", keepAlive=" + keepAlive + ", connectTimeout="
                + connectTimeout + ", hangDetectionTimeout=" + hangDetectionTimeout + ", nodeSelection="
                + nodeSelection + ", preferredNode=" + preferredNode + ", failbackDelay=" + failbackDelay
                + ", backoff=" + backoff + ", offlineBuffer=" + offlineBuffer + ", healthProbing=" + healthProbing
                + ", standbySubscriptions=" + standbySubscriptions + ", healthProbeInterval=" + healthProbeInterval + ", healthProbeTimeout=" + healthProbeTimeout
                + ", lastWill=" + lastWill + ", continuity=" + (continuity != null) + ", authenticationRetryInterval="
                + authenticationRetryInterval + ", maximumPayloadSize=" + maximumPayloadSize + "]";
    }

    /** Builds a {@link HaClientConfig}; not thread-safe. Setters only record values; {@link #build()} checks them. */
    public static final class Builder {
        private final List<String> addressEntries = new ArrayList<>();
        private String clientId;
        private Credentials credentials;
        private TlsSettings tls;
        private MqttProtocol protocol = DEFAULT_PROTOCOL;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration hangDetectionTimeout = DEFAULT_HANG_DETECTION_TIMEOUT;
        private NodeSelection nodeSelection = DEFAULT_NODE_SELECTION;
        private String preferredNode;
        private Duration failbackDelay = DEFAULT_FAILBACK_DELAY;
        private BackoffPolicy backoff = BackoffPolicy.DEFAULT;
        private OfflineBufferLimits offlineBuffer = OfflineBufferLimits.DEFAULT;
        private boolean healthProbing = DEFAULT_HEALTH_PROBING;
        private boolean standbySubscriptions = DEFAULT_STANDBY_SUBSCRIPTIONS;
        private Duration healthProbeInterval = DEFAULT_HEALTH_PROBE_INTERVAL;
        private Duration healthProbeTimeout = DEFAULT_HEALTH_PROBE_TIMEOUT;
        private OutboundMessage lastWill;
        private boolean continuityEnabled = DEFAULT_CONTINUITY;
        private boolean continuityExplicit;
        private ContinuityConfig continuity = ContinuityConfig.defaults();
        private Duration authenticationRetryInterval = DEFAULT_AUTHENTICATION_RETRY_INTERVAL;
        private int maximumPayloadSize = DEFAULT_MAXIMUM_PAYLOAD_SIZE;

        private Builder() {
        }

        /**
         * Adds nodes from a comma-separated list of {@code host:port} entries.
         *
         * @param commaSeparated e.g. {@code "127.0.0.1:18831, 127.0.0.1:18832"}
         * @return this builder
         */
        public Builder addresses(String commaSeparated) {
            Objects.requireNonNull(commaSeparated, "commaSeparated");
            for (String entry : commaSeparated.split(",", -1)) {
                addressEntries.add(entry);
            }
            return this;
        }

        /**
         * Adds nodes.
         *
         * @param addresses the nodes, in order
         * @return this builder
         */
        public Builder addresses(List<BrokerAddress> addresses) {
            addresses.forEach(this::address);
            return this;
        }

        /**
         * Adds one node given as {@code host:port}.
         *
         * @param address the node
         * @return this builder
         */
        public Builder address(String address) {
            addressEntries.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /**
         * Adds one node.
         *
         * @param address the node
         * @return this builder
         */
        public Builder address(BrokerAddress address) {
            return address(address.toString());
        }

        /**
         * Sets the MQTT client id; by default one is generated.
         *
         * @param clientId a non-empty id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * Sets credentials.
         *
         * @param credentials username and password
         * @return this builder
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Uses TLS on every connection.
         *
         * @param tls the TLS settings
         * @return this builder
         */
        public Builder tls(TlsSettings tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Sets the MQTT version.
         *
         * @param protocol the version
         * @return this builder
         */
        public Builder protocol(MqttProtocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * Sets the keep-alive of the main connection.
         *
         * @param keepAlive whole seconds, 1 to 65535
         * @return this builder
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
            return this;
        }

        /**
         * Sets the TCP and CONNACK timeout of each connection attempt.
         *
         * @param connectTimeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long the node in use may stay silent with a request outstanding.
         *
         * @param timeout at least 100 ms
         * @return this builder
         */
        public Builder hangDetectionTimeout(Duration timeout) {
            this.hangDetectionTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets the node selection strategy; for {@link NodeSelection#PREFERRED} use {@link #preferredNode}.
         *
         * @param selection the strategy
         * @return this builder
         */
        public Builder nodeSelection(NodeSelection selection) {
            this.nodeSelection = Objects.requireNonNull(selection, "selection");
            return this;
        }

        /**
         * Selects {@link NodeSelection#PREFERRED} with this node, which must be one of the addresses.
         *
         * @param address the preferred node as {@code host:port}
         * @return this builder
         */
        public Builder preferredNode(String address) {
            this.preferredNode = Objects.requireNonNull(address, "address");
            this.nodeSelection = NodeSelection.PREFERRED;
            return this;
        }

        /**
         * Sets how long the preferred node must be seen up before failing back to it.
         *
         * @param delay zero or positive
         * @return this builder
         */
        public Builder failbackDelay(Duration delay) {
            this.failbackDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * Sets the per-node backoff.
         *
         * @param backoff the policy
         * @return this builder
         */
        public Builder backoff(BackoffPolicy backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets the bounds of the offline buffer.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder offlineBuffer(OfflineBufferLimits limits) {
            this.offlineBuffer = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Switches background health probing; a publisher that does not show node health may turn it off.
         *
         * @param enabled false to switch it off
         * @return this builder
         */
        public Builder healthProbing(boolean enabled) {
            this.healthProbing = enabled;
            return this;
        }

        /**
         * Switches standby subscriptions. With them, a client that has subscriptions holds a second
         * connection (client id suffixed {@code -standby}, no last will) on another node with the same
         * subscriptions; its messages are kept for a few seconds and not delivered. When the node in use
         * fails, the standby takes over at once and replays what it received since shortly before the
         * failed node last said anything, so subscribers see duplicates around a failover but no gap. It
         * doubles the inbound traffic; a client that only publishes never opens the standby.
         *
         * @param enabled false to switch it off
         * @return this builder
         */
        public Builder standbySubscriptions(boolean enabled) {
            this.standbySubscriptions = enabled;
            return this;
        }

        /**
         * Sets the time between two probes of one node.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder healthProbeInterval(Duration interval) {
            this.healthProbeInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets the longest wait for a probe's answer.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder healthProbeTimeout(Duration timeout) {
            this.healthProbeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Registers a last will on every connection.
         *
         * @param will the message the broker publishes if the connection dies
         * @return this builder
         */
        public Builder lastWill(OutboundMessage will) {
            this.lastWill = Objects.requireNonNull(will, "will");
            return this;
        }

        /**
         * Turns message continuity on with these settings (it is on with defaults unless switched off).
         *
         * @param settings replay buffer, repair and tracking limits
         * @return this builder
         */
        public Builder continuity(ContinuityConfig settings) {
            this.continuity = Objects.requireNonNull(settings, "settings");
            this.continuityEnabled = true;
            this.continuityExplicit = true;
            return this;
        }

        /**
         * Switches message continuity off: publishes carry no continuity properties, and received messages
         * reach the application untracked, duplicates included.
         *
         * <p>The properties add about 125 bytes to every message, which the broker has to read: with payloads of
         * a few dozen bytes at QoS 0 that cut mosquitto's intake by about a fifth in the project's throughput
         * benchmark, and by a few percent with payloads of 256 bytes and more. A QoS 0 stream of tiny messages
         * that needs no loss accounting is the case for switching it off.
         *
         * @return this builder
         */
        public Builder withoutContinuity() {
            this.continuityEnabled = false;
            this.continuityExplicit = true;
            return this;
        }

        /**
         * Sets how long a node that refused the credentials is left alone, by connection attempts and health
         * probes, before it is tried again. A health probe that finds the node accepting again ends the wait
         * at once. Retries are spread up to {@link BackoffPolicy#jitter()} later so that many clients do not
         * retry in lockstep.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder authenticationRetryInterval(Duration interval) {
            this.authenticationRetryInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets the largest payload {@code publish} accepts; a larger one is refused with
         * {@link PayloadTooLargeException} before anything is buffered. Keep it at least 16 KiB below the
         * brokers' {@code max_packet_size}, or at or below a {@code message_size_limit}.
         *
         * @param bytes 1 to {@link #MQTT_MAXIMUM_PAYLOAD_SIZE}
         * @return this builder
         */
        public Builder maximumPayloadSize(int bytes) {
            this.maximumPayloadSize = bytes;
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @return the immutable configuration
         * @throws IllegalArgumentException listing every problem found, naming the offending entries
         */
        public HaClientConfig build() {
            List<String> problems = new ArrayList<>();
            List<BrokerAddress> addresses = new ArrayList<>();
            Set<BrokerAddress> seen = new HashSet<>();
            for (String entry : addressEntries) {
                try {
                    BrokerAddress address = BrokerAddress.parse(entry);
                    if (seen.add(address)) {
                        addresses.add(address);
                    } else {
                        problems.add("broker address '" + entry.strip() + "' is listed more than once");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            if (addressEntries.isEmpty()) {
                problems.add("at least one broker address is required");
            }
            String id = clientId != null ? clientId : generatedClientId();
            if (id.isEmpty()) {
                problems.add("client id must not be empty");
            }
            if (keepAlive.isNegative() || keepAlive.isZero() || keepAlive.getNano() != 0
                    || keepAlive.getSeconds() > 65_535) {
                problems.add("keep-alive must be whole seconds within 1..65535, not " + keepAlive);
            }
            requirePositive(problems, "connect timeout", connectTimeout);
            requirePositive(problems, "health probe interval", healthProbeInterval);
            requirePositive(problems, "health probe timeout", healthProbeTimeout);
            requirePositive(problems, "authentication retry interval", authenticationRetryInterval);
            if (maximumPayloadSize < 1 || maximumPayloadSize > MQTT_MAXIMUM_PAYLOAD_SIZE) {
                problems.add("maximum payload size must be within 1.." + MQTT_MAXIMUM_PAYLOAD_SIZE + " bytes, not "
                        + maximumPayloadSize);
            }
            if (hangDetectionTimeout.compareTo(Duration.ofMillis(100)) < 0) {
                problems.add("hang detection timeout must be at least 100 ms, not " + hangDetectionTimeout);
            }
            if (failbackDelay.isNegative()) {
                problems.add("failback delay must not be negative, not " + failbackDelay);
            }
            BrokerAddress preferred = null;
            if (nodeSelection == NodeSelection.PREFERRED) {
                if (preferredNode == null) {
                    problems.add("node selection PREFERRED needs a preferred node");
                } else {
                    try {
                        preferred = BrokerAddress.parse(preferredNode);
                        if (!seen.contains(preferred)) {
                            problems.add("preferred node '" + preferredNode + "' is not one of the broker addresses");
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add("preferred node: " + e.getMessage());
                    }
                }
            } else if (preferredNode != null) {
                problems.add("preferred node '" + preferredNode + "' is set but node selection is " + nodeSelection);
            }
            if (continuityExplicit && continuityEnabled && protocol == MqttProtocol.MQTT_3_1_1) {
                problems.add("message continuity needs MQTT 5 user properties; use withoutContinuity() with MQTT 3.1.1");
            }
            if (lastWill != null && protocol == MqttProtocol.MQTT_3_1_1 && !lastWill.userProperties().isEmpty()) {
                problems.add("last will user properties need MQTT 5");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid mqtt-ha client configuration: " + String.join("; ", problems));
            }
            return new HaClientConfig(this, addresses, preferred, id);
        }

        private static void requirePositive(List<String> problems, String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                problems.add(name + " must be positive, not " + value);
            }
        }

        private static String generatedClientId() {
            return DEFAULT_CLIENT_ID_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        }
    }
}
