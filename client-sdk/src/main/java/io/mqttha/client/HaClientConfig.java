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
 * The immutable configuration of one {@link HaMqttClient}, made of small validated parts
 * ({@link SelectionPolicy}, {@link HealthProbing}, {@link BackoffPolicy}, {@link OfflineBufferLimits},
 * {@link ContinuityConfig}). Build it with {@link #builder()}, change a copy with {@link #toBuilder()};
 * {@link Builder#build()} checks every value and reports all problems at once.
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

    /** Keep-alive of the main connection unless set: an idle connection to a frozen broker ends after about 2 s. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(1);

    /** Longest wait for the TCP connection and, separately, for the CONNACK when connecting to a node. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** How long the node in use may leave a request unanswered, saying nothing else, before it counts as hung. */
    public static final Duration DEFAULT_HANG_DETECTION_TIMEOUT = Duration.ofSeconds(3);

    /** Standby subscriptions are on unless switched off. */
    public static final boolean DEFAULT_STANDBY_SUBSCRIPTIONS = true;

    /** Message continuity is on unless switched off (it needs MQTT 5). */
    public static final boolean DEFAULT_CONTINUITY = true;

    /** Prefix of the generated client id used when none is set. */
    public static final String DEFAULT_CLIENT_ID_PREFIX = "mqtt-ha-";

    /** How long a node that refused this client's credentials is left alone unless set. */
    public static final Duration DEFAULT_AUTHENTICATION_RETRY_INTERVAL = Duration.ofSeconds(30);

    /** The largest payload {@code publish} accepts unless set: 256 KiB, matching the project's brokers. */
    public static final int DEFAULT_MAXIMUM_PAYLOAD_SIZE = 256 * 1024;

    /** The largest payload MQTT can carry at all: a packet's remaining length is at most 268,435,455 bytes. */
    public static final int MQTT_MAXIMUM_PAYLOAD_SIZE = 268_435_455;

    /** The builder's values, frozen: a private copy no caller can reach. */
    private final Builder values;
    private final String clientId;
    private final ContinuityConfig continuity;

    private HaClientConfig(Builder values, String clientId) {
        this.values = values;
        this.clientId = clientId;
        this.continuity = values.continuityEnabled && values.protocol == MqttProtocol.MQTT_5 ? values.continuity : null;
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
     * Starts a builder holding this configuration's values, client id included.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(values).clientId(clientId);
    }

    /**
     * Returns the broker nodes, in configured order, without duplicates.
     *
     * @return at least one address
     */
    public List<BrokerAddress> addresses() {
        return values.addresses;
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
     * Returns the credentials sent on every connect, probes included.
     *
     * @return the credentials, if any
     */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(values.credentials);
    }

    /**
     * Returns the TLS settings, if connections use TLS.
     *
     * @return the TLS settings
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(values.tls);
    }

    /**
     * Returns the MQTT version; {@link #DEFAULT_PROTOCOL} unless set.
     *
     * @return the protocol
     */
    public MqttProtocol protocol() {
        return values.protocol;
    }

    /**
     * Returns the keep-alive of the main connection, in whole seconds; {@link #DEFAULT_KEEP_ALIVE} unless set.
     *
     * @return the keep-alive
     */
    public Duration keepAlive() {
        return values.keepAlive;
    }

    /**
     * Returns the TCP and CONNACK timeout of each connection attempt; {@link #DEFAULT_CONNECT_TIMEOUT} unless set.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return values.connectTimeout;
    }

    /**
     * Returns how long the node in use may stay silent with a request outstanding before the client fails over;
     * {@link #DEFAULT_HANG_DETECTION_TIMEOUT} unless set.
     *
     * @return the hang detection timeout
     */
    public Duration hangDetectionTimeout() {
        return values.hangDetectionTimeout;
    }

    /**
     * Returns which node the client connects to and when it fails back.
     *
     * @return the selection policy
     */
    public SelectionPolicy selection() {
        return values.selection();
    }

    /**
     * Returns the node selection strategy, as {@link #selection()} has it.
     *
     * @return the strategy
     */
    public NodeSelection nodeSelection() {
        return values.nodeSelection;
    }

    /**
     * Returns the preferred node; present exactly when the selection is {@link NodeSelection#PREFERRED}.
     *
     * @return the preferred node
     */
    public Optional<BrokerAddress> preferredNode() {
        return Optional.ofNullable(values.preferredNode);
    }

    /**
     * Returns how long the preferred node must be seen up before failing back to it.
     *
     * @return the failback delay
     */
    public Duration failbackDelay() {
        return values.failbackDelay;
    }

    /**
     * Returns how much longer, at most, a client waits on top of the failback delay before failing back.
     *
     * @return the failback spread
     */
    public Duration failbackSpread() {
        return values.failbackSpread;
    }

    /**
     * Returns the per-node backoff; {@link BackoffPolicy#DEFAULT} unless set.
     *
     * @return the backoff policy
     */
    public BackoffPolicy backoff() {
        return values.backoff;
    }

    /**
     * Returns the bounds of the buffer of publishes not yet completed; {@link OfflineBufferLimits#DEFAULT} unless set.
     *
     * @return the limits
     */
    public OfflineBufferLimits offlineBuffer() {
        return values.offlineBuffer;
    }

    /**
     * Returns the health probing settings; {@link HealthProbing#DEFAULT} unless set.
     *
     * @return the settings
     */
    public HealthProbing probing() {
        return values.probing();
    }

    /**
     * Returns whether background health probing is on.
     *
     * @return true if the client probes
     */
    public boolean healthProbing() {
        return values.healthProbing;
    }

    /**
     * Returns the time between two probes of one node.
     *
     * @return the interval
     */
    public Duration healthProbeInterval() {
        return values.healthProbeInterval;
    }

    /**
     * Returns the longest wait for a probe's answer.
     *
     * @return the timeout
     */
    public Duration healthProbeTimeout() {
        return values.healthProbeTimeout;
    }

    /**
     * Returns whether subscriptions are kept on a second node too (see {@link Builder#standbySubscriptions}).
     *
     * @return true if standby subscriptions are on
     */
    public boolean standbySubscriptions() {
        return values.standbySubscriptions;
    }

    /**
     * Returns the last will registered on every main connection.
     *
     * @return the will, if any
     */
    public Optional<OutboundMessage> lastWill() {
        return Optional.ofNullable(values.lastWill);
    }

    /**
     * Returns the message continuity settings.
     *
     * @return the settings, or empty when continuity is off (switched off, or MQTT 3.1.1)
     */
    public Optional<ContinuityConfig> continuity() {
        return Optional.ofNullable(continuity);
    }

    /**
     * Returns how long a node that refused the credentials is left alone before it is tried again.
     *
     * @return the interval
     */
    public Duration authenticationRetryInterval() {
        return values.authenticationRetryInterval;
    }

    /**
     * Returns the largest payload {@code publish} accepts.
     *
     * @return the limit in bytes
     */
    public int maximumPayloadSize() {
        return values.maximumPayloadSize;
    }

    /** Lists every setting; passwords never appear (see {@link Credentials} and {@link TlsSettings}). */
    @Override
    public String toString() {
        return "HaClientConfig[addresses=" + addresses() + ", clientId=" + clientId + ", credentials="
                + values.credentials + ", tls=" + values.tls + ", protocol=" + protocol() + ", keepAlive="
                + keepAlive() + ", connectTimeout=" + connectTimeout() + ", hangDetectionTimeout="
                + hangDetectionTimeout() + ", selection=" + selection() + ", backoff=" + backoff()
                + ", offlineBuffer=" + offlineBuffer() + ", probing=" + probing() + ", standbySubscriptions="
                + standbySubscriptions() + ", lastWill=" + values.lastWill + ", continuity=" + (continuity != null)
                + ", authenticationRetryInterval=" + authenticationRetryInterval() + ", maximumPayloadSize="
                + maximumPayloadSize() + "]";
    }

    /** Builds a {@link HaClientConfig}; not thread-safe. Setters only record values; {@link #build()} checks them. */
    public static final class Builder {
        private List<BrokerAddress> addresses = new ArrayList<>();
        /** Address entries that did not parse, each with its problem; reported by {@link #build()}. */
        private List<String> addressProblems = new ArrayList<>();
        private String clientId;
        private Credentials credentials;
        private TlsSettings tls;
        private MqttProtocol protocol = DEFAULT_PROTOCOL;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration hangDetectionTimeout = DEFAULT_HANG_DETECTION_TIMEOUT;
        private NodeSelection nodeSelection = SelectionPolicy.DEFAULT_STRATEGY;
        private BrokerAddress preferredNode;
        private String preferredNodeProblem;
        private Duration failbackDelay = SelectionPolicy.DEFAULT_FAILBACK_DELAY;
        private Duration failbackSpread = SelectionPolicy.DEFAULT_FAILBACK_SPREAD;
        private BackoffPolicy backoff = BackoffPolicy.DEFAULT;
        private OfflineBufferLimits offlineBuffer = OfflineBufferLimits.DEFAULT;
        private boolean healthProbing = HealthProbing.DEFAULT.enabled();
        private Duration healthProbeInterval = HealthProbing.DEFAULT_INTERVAL;
        private Duration healthProbeTimeout = HealthProbing.DEFAULT_TIMEOUT;
        private boolean standbySubscriptions = DEFAULT_STANDBY_SUBSCRIPTIONS;
        private OutboundMessage lastWill;
        private boolean continuityEnabled = DEFAULT_CONTINUITY;
        private boolean continuityExplicit;
        private ContinuityConfig continuity = ContinuityConfig.defaults();
        private Duration authenticationRetryInterval = DEFAULT_AUTHENTICATION_RETRY_INTERVAL;
        private int maximumPayloadSize = DEFAULT_MAXIMUM_PAYLOAD_SIZE;

        private Builder() {
        }

        private Builder(Builder other) {
            addresses = new ArrayList<>(other.addresses);
            addressProblems = new ArrayList<>(other.addressProblems);
            clientId = other.clientId;
            credentials = other.credentials;
            tls = other.tls;
            protocol = other.protocol;
            keepAlive = other.keepAlive;
            connectTimeout = other.connectTimeout;
            hangDetectionTimeout = other.hangDetectionTimeout;
            nodeSelection = other.nodeSelection;
            preferredNode = other.preferredNode;
            preferredNodeProblem = other.preferredNodeProblem;
            failbackDelay = other.failbackDelay;
            failbackSpread = other.failbackSpread;
            backoff = other.backoff;
            offlineBuffer = other.offlineBuffer;
            healthProbing = other.healthProbing;
            healthProbeInterval = other.healthProbeInterval;
            healthProbeTimeout = other.healthProbeTimeout;
            standbySubscriptions = other.standbySubscriptions;
            lastWill = other.lastWill;
            continuityEnabled = other.continuityEnabled;
            continuityExplicit = other.continuityExplicit;
            continuity = other.continuity;
            authenticationRetryInterval = other.authenticationRetryInterval;
            maximumPayloadSize = other.maximumPayloadSize;
        }

        /**
         * Adds nodes from a comma-separated list of {@code host:port} entries.
         *
         * @param commaSeparated e.g. {@code "127.0.0.1:18831, 127.0.0.1:18832"}
         * @return this builder
         */
        public Builder addresses(String commaSeparated) {
            for (String entry : Objects.requireNonNull(commaSeparated, "commaSeparated").split(",", -1)) {
                address(entry);
            }
            return this;
        }

        /**
         * Adds nodes.
         *
         * @param nodes the nodes, in order
         * @return this builder
         */
        public Builder addresses(List<BrokerAddress> nodes) {
            nodes.forEach(this::address);
            return this;
        }

        /**
         * Adds one node given as {@code host:port}; an entry that does not parse is reported by {@link #build()}.
         *
         * @param address the node
         * @return this builder
         */
        public Builder address(String address) {
            try {
                return address(BrokerAddress.parse(Objects.requireNonNull(address, "address")));
            } catch (IllegalArgumentException e) {
                addressProblems.add(e.getMessage());
                return this;
            }
        }

        /**
         * Adds one node.
         *
         * @param address the node
         * @return this builder
         */
        public Builder address(BrokerAddress address) {
            addresses.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /**
         * Sets the MQTT client id; by default one is generated with {@link #DEFAULT_CLIENT_ID_PREFIX}.
         *
         * @param clientId a non-empty id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * Sets the credentials sent on every connect.
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
         * Sets the MQTT version; {@link #DEFAULT_PROTOCOL} unless set. MQTT 3.1.1 has no user properties, so
         * continuity is off with it.
         *
         * @param protocol the version
         * @return this builder
         */
        public Builder protocol(MqttProtocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * Sets the keep-alive of the main connection; {@link #DEFAULT_KEEP_ALIVE} unless set.
         *
         * @param keepAlive whole seconds within 1..65535
         * @return this builder
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
            return this;
        }

        /**
         * Sets the TCP and CONNACK timeout of each connection attempt; {@link #DEFAULT_CONNECT_TIMEOUT} unless set.
         *
         * @param connectTimeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long the node in use may leave a request unanswered, saying nothing else, before the client
         * fails over; {@link #DEFAULT_HANG_DETECTION_TIMEOUT} unless set.
         *
         * @param timeout at least 100 ms
         * @return this builder
         */
        public Builder hangDetectionTimeout(Duration timeout) {
            this.hangDetectionTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets the whole selection policy.
         *
         * @param policy strategy, preferred node, failback delay and spread
         * @return this builder
         */
        public Builder selection(SelectionPolicy policy) {
            this.nodeSelection = policy.strategy();
            this.preferredNode = policy.preferred().orElse(null);
            this.preferredNodeProblem = null;
            this.failbackDelay = policy.failbackDelay();
            this.failbackSpread = policy.failbackSpread();
            return this;
        }

        /**
         * Sets how nodes are ranked; {@link SelectionPolicy#DEFAULT_STRATEGY} unless set.
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
            Objects.requireNonNull(address, "address");
            this.nodeSelection = NodeSelection.PREFERRED;
            try {
                this.preferredNode = BrokerAddress.parse(address);
                this.preferredNodeProblem = null;
            } catch (IllegalArgumentException e) {
                this.preferredNode = null;
                this.preferredNodeProblem = "preferred node: " + e.getMessage();
            }
            return this;
        }

        /**
         * Sets how long a client's home node must be seen up before failing back to it;
         * {@link SelectionPolicy#DEFAULT_FAILBACK_DELAY} unless set.
         *
         * @param delay zero or positive
         * @return this builder
         */
        public Builder failbackDelay(Duration delay) {
            this.failbackDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * Sets how much longer, at most, a client waits on top of the failback delay, each client its own
         * share; {@link SelectionPolicy#DEFAULT_FAILBACK_SPREAD} unless set. Zero makes every client of a
         * returning node fail back at the same moment.
         *
         * @param spread zero or positive
         * @return this builder
         */
        public Builder failbackSpread(Duration spread) {
            this.failbackSpread = Objects.requireNonNull(spread, "spread");
            return this;
        }

        /**
         * Sets how long a failed node is left alone before it is tried again.
         *
         * @param backoff the per-node backoff
         * @return this builder
         */
        public Builder backoff(BackoffPolicy backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets the bounds of the buffer of publishes not yet completed.
         *
         * @param limits the bounds
         * @return this builder
         */
        public Builder offlineBuffer(OfflineBufferLimits limits) {
            this.offlineBuffer = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the whole health probing part.
         *
         * @param probing whether, how often and how patiently nodes are probed
         * @return this builder
         */
        public Builder probing(HealthProbing probing) {
            this.healthProbing = probing.enabled();
            this.healthProbeInterval = probing.interval();
            this.healthProbeTimeout = probing.timeout();
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
         * Sets the time between two probes of one node; {@link HealthProbing#DEFAULT_INTERVAL} unless set.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder healthProbeInterval(Duration interval) {
            this.healthProbeInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Sets the longest wait for a probe's answer; {@link HealthProbing#DEFAULT_TIMEOUT} unless set.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder healthProbeTimeout(Duration timeout) {
            this.healthProbeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Switches standby subscriptions: while the client has subscriptions, a second connection on another
         * node (client id suffixed {@code -standby}, no last will) holds them too and keeps what it receives for a
         * few seconds; when the node in use fails it takes over at once and replays what the failed node may have
         * missed, so subscribers see duplicates around a failover but no gap. It doubles the inbound traffic.
         *
         * @param enabled false to switch it off
         * @return this builder
         */
        public Builder standbySubscriptions(boolean enabled) {
            this.standbySubscriptions = enabled;
            return this;
        }

        /**
         * Registers a last will on every main connection.
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
         * Switches message continuity off: publishes carry no continuity properties, and received messages reach
         * the application untracked, duplicates included. Worth it only for streams of tiny QoS 0 messages that
         * need no loss accounting (docs/benchmarks.md, "Continuity cost").
         *
         * @return this builder
         */
        public Builder withoutContinuity() {
            this.continuityEnabled = false;
            this.continuityExplicit = true;
            return this;
        }

        /**
         * Sets how long a node that refused the credentials is left alone, by connection attempts and probes,
         * before it is tried again; {@link #DEFAULT_AUTHENTICATION_RETRY_INTERVAL} unless set. A probe that finds
         * the node accepting again ends the wait.
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
         * {@link PayloadTooLargeException} before anything is buffered. Keep it at least 16 KiB below the brokers'
         * {@code max_packet_size}; {@link #DEFAULT_MAXIMUM_PAYLOAD_SIZE} unless set.
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
            List<String> problems = new ArrayList<>(addressProblems);
            Builder frozen = new Builder(this);
            frozen.addresses = List.copyOf(distinctAddresses(problems));
            if (addresses.isEmpty() && addressProblems.isEmpty()) {
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
            ConfigProblems.requirePositive(problems, "connect timeout", connectTimeout);
            ConfigProblems.requirePositive(problems, "authentication retry interval", authenticationRetryInterval);
            problems.addAll(HealthProbing.problems(healthProbeInterval, healthProbeTimeout));
            if (preferredNodeProblem != null) {
                problems.add(preferredNodeProblem);
            } else {
                problems.addAll(SelectionPolicy.problems(nodeSelection, Optional.ofNullable(preferredNode),
                        failbackDelay, failbackSpread));
            }
            if (preferredNode != null && !addresses.contains(preferredNode)) {
                problems.add("preferred node '" + preferredNode + "' is not one of the broker addresses");
            }
            if (maximumPayloadSize < 1 || maximumPayloadSize > MQTT_MAXIMUM_PAYLOAD_SIZE) {
                problems.add("maximum payload size must be within 1.." + MQTT_MAXIMUM_PAYLOAD_SIZE + " bytes, not "
                        + maximumPayloadSize);
            }
            if (hangDetectionTimeout.compareTo(Duration.ofMillis(100)) < 0) {
                problems.add("hang detection timeout must be at least 100 ms, not " + hangDetectionTimeout);
            }
            if (continuityExplicit && continuityEnabled && protocol == MqttProtocol.MQTT_3_1_1) {
                problems.add("message continuity needs MQTT 5 user properties; use withoutContinuity() with MQTT 3.1.1");
            }
            if (lastWill != null && protocol == MqttProtocol.MQTT_3_1_1 && !lastWill.userProperties().isEmpty()) {
                problems.add("last will user properties need MQTT 5");
            }
            ConfigProblems.throwIfAny("mqtt-ha client configuration", problems);
            return new HaClientConfig(frozen, id);
        }

        private SelectionPolicy selection() {
            return new SelectionPolicy(nodeSelection, Optional.ofNullable(preferredNode), failbackDelay,
                    failbackSpread);
        }

        private HealthProbing probing() {
            return new HealthProbing(healthProbing, healthProbeInterval, healthProbeTimeout);
        }

        private List<BrokerAddress> distinctAddresses(List<String> problems) {
            Set<BrokerAddress> seen = new HashSet<>();
            List<BrokerAddress> distinct = new ArrayList<>();
            for (BrokerAddress address : addresses) {
                if (seen.add(address)) {
                    distinct.add(address);
                } else if (!problems.contains("broker address '" + address + "' is listed more than once")) {
                    problems.add("broker address '" + address + "' is listed more than once");
                }
            }
            return distinct;
        }

        private static String generatedClientId() {
            return DEFAULT_CLIENT_ID_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        }
    }
}
