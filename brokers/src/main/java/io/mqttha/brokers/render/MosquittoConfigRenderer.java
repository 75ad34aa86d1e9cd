package io.mqttha.brokers.render;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.Deployment;
import io.mqttha.brokers.model.NodeRole;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.DevCertificateAuthority;
import io.mqttha.brokers.security.Login;

import java.util.List;

/**
 * Renders a node's {@code mosquitto.conf} from the cluster description. Each setting that departs
 * from Mosquitto's default carries the measured reason (see {@code DESIGN.md}), so that the rendered
 * files explain themselves to people who read them.
 */
public final class MosquittoConfigRenderer {

    /**
     * Messages a broker queues per client (bridges included) beyond the in-flight window. Mosquitto's
     * default of 1000 drops silently under a burst: 4000 QoS 1 messages across one bridge hop arrived
     * 3713/4000 with it, 4000/4000 with the limit lifted. A subscriber to 100,000 retained topics is handed all
     * their copies at once: with 100,000 here, 212 of them were dropped.
     */
    public static final int MAX_QUEUED_MESSAGES = 1_000_000;
    /**
     * Bridge keep-alive in seconds: Mosquitto 2.0.11's minimum ("keepalive interval too low, using 5 seconds"). With
     * {@link #BRIDGE_RESTART_TIMEOUT} edges leave a killed relay in about 1–3 s; a hung one only after 1.5 keep-alives,
     * which is why {@code RelaySupervisor} replaces a hung relay.
     */
    public static final int BRIDGE_KEEPALIVE_SECONDS = 5;
    /**
     * Bridge reconnect backoff, base and cap in seconds. Mosquitto 2.0.11 ignores a single value and
     * then backs off 5–30 s; two values take effect.
     */
    public static final String BRIDGE_RESTART_TIMEOUT = "1 2";
    /**
     * The largest MQTT packet a node accepts, in bytes: the SDK's default maximum payload (256 KiB) plus
     * room for the topic and the continuity properties. Without a limit one client could make every node
     * of the cluster buffer a packet of up to 256 MiB, and the bridges forward it everywhere.
     */
    public static final int MAX_PACKET_SIZE = 256 * 1024 + 16 * 1024;
    /** The password file every node loads, relative to a local node's own folder (its working directory). */
    public static final String LOCAL_PASSWORD_FILE = "../" + ClusterSecrets.DIRECTORY_NAME + "/passwords";
    /** The ACL file every node loads, relative to a local node's own folder. */
    public static final String LOCAL_ACL_FILE = "../" + ClusterSecrets.DIRECTORY_NAME + "/acl";
    /** Where a compose container finds the password file. */
    public static final String COMPOSE_PASSWORD_FILE = "/run/secrets/passwords";
    /** Where a compose container finds the ACL file. */
    public static final String COMPOSE_ACL_FILE = "/mosquitto/config/acl";

    private MosquittoConfigRenderer() {
    }

    /** Where a local node in TLS mode finds the run's certificates, relative to its own folder. */
    public static final String LOCAL_TLS_DIRECTORY = "../" + ClusterSecrets.DIRECTORY_NAME + "/tls";

    /** The complete config of {@code node} for {@code deployment}, with plain MQTT listeners (the checked-in form). */
    public static String render(ClusterDescription cluster, NodeSpec node, Deployment deployment) {
        return render(cluster, node, deployment, false);
    }

    /**
     * The complete config of {@code node} for {@code deployment}.
     *
     * @param tls whether the node's listener speaks MQTT over TLS with the run's development certificates
     *            ({@link io.mqttha.brokers.security.DevCertificateAuthority}, in {@link #LOCAL_TLS_DIRECTORY}) and
     *            its bridge verifies the relay's certificate; local deployment only
     */
    public static String render(ClusterDescription cluster, NodeSpec node, Deployment deployment, boolean tls) {
        if (tls && deployment != Deployment.LOCAL) {
            throw new IllegalArgumentException("TLS mode is rendered for the local deployment only");
        }
        StringBuilder conf = new StringBuilder();
        conf.append("# ").append(node.name()).append(": ").append(describe(node)).append(" (")
                .append(deployment.directoryName()).append(" deployment).\n");
        conf.append("# Rendered from io.mqttha.brokers.ClusterDescription. Do not edit: change the description\n");
        conf.append("# and run `./demo cluster render`; a test fails while this file and the renderer disagree.\n\n");

        if (deployment == Deployment.LOCAL) {
            conf.append("listener ").append(node.port()).append(' ').append(node.host()).append('\n');
            if (tls) {
                conf.append("# MQTT over TLS only, with this run's development CA; clients verify the host name.\n");
                conf.append("cafile ").append(LOCAL_TLS_DIRECTORY).append('/').append(DevCertificateAuthority.CA_CERTIFICATE_FILE_NAME).append('\n');
                conf.append("certfile ").append(LOCAL_TLS_DIRECTORY).append('/').append(node.name()).append(".crt\n");
                conf.append("keyfile ").append(LOCAL_TLS_DIRECTORY).append('/').append(node.name()).append(".key\n");
            }
        } else {
            conf.append("listener ").append(Deployment.CONTAINER_PORT).append('\n');
        }
        conf.append("# Every client logs in; each identity may only do what the ACL grants it (AccessPolicy).\n");
        conf.append("allow_anonymous false\n");
        conf.append("password_file ").append(deployment == Deployment.LOCAL ? LOCAL_PASSWORD_FILE : COMPOSE_PASSWORD_FILE).append('\n');
        conf.append("acl_file ").append(deployment == Deployment.LOCAL ? LOCAL_ACL_FILE : COMPOSE_ACL_FILE).append('\n');
        conf.append("# Refuse packets larger than the SDK's maximum payload plus headers (the default is no limit).\n");
        conf.append("max_packet_size ").append(MAX_PACKET_SIZE).append('\n');
        conf.append("""
                # The cluster is a demo of failover, not of durability: a restarted node starts empty.
                persistence false
                log_dest stdout
                log_type error
                log_type warning
                log_type notice
                log_type information
                log_timestamp_format %Y-%m-%dT%H:%M:%S
                connection_messages true
                # Without it Nagle's algorithm holds a small packet back until the peer acknowledges the last
                # one, which a delayed ACK does after 40 ms. It reaches accepted connections only, not bridges.
                set_tcp_nodelay true
                # The default (1000) drops silently under a burst; a bridge must not lose messages to a limit.
                """);
        conf.append("max_queued_messages ").append(MAX_QUEUED_MESSAGES).append('\n');

        switch (node.role()) {
            case EDGE -> appendBridge(conf, node, List.of(cluster.primaryRelay(), cluster.standbyRelay()), deployment, tls,
                    """
                    # The edge keeps its outbound queue while the bridge is down; the relays keep no stale
                    # per-edge queue that they would replay as duplicates.
                    cleansession true
                    local_cleansession false
                    """);
            case STANDBY_RELAY -> appendBridge(conf, node, List.of(cluster.primaryRelay()), deployment, tls,
                    """
                    # While the primary is down every edge is on this standby and already has every message:
                    # queueing them for the primary would only replay them as duplicates when it returns.
                    cleansession true
                    local_cleansession true
                    """);
            case PRIMARY_RELAY -> conf.append("\n# The primary relay has no bridge of its own: edges and the standby bridge to it.\n");
        }
        if (deployment == Deployment.LOCAL) {
            conf.append("# A run also appends a `plugin` line for each plugin it built (a C compiler and Mosquitto's headers\n");
            conf.append("# are needed): the retained guard (io.mqttha.brokers.RetainedGuard), which refuses retained copies\n");
            conf.append("# older than the node's own, and the bridge nodelay (io.mqttha.brokers.BridgeNoDelay), which turns\n");
            conf.append("# Nagle's algorithm off on the bridge's socket, where set_tcp_nodelay does not reach.\n");
        }
        return conf.toString();
    }

    private static void appendBridge(StringBuilder conf, NodeSpec node, List<NodeSpec> upstream,
                                     Deployment deployment, boolean tls, String sessionSettings) {
        conf.append("\n# One bridge only: the cluster is a tree, because Mosquitto bridges have no hop count\n");
        conf.append("# and any cycle would loop messages forever.\n");
        conf.append("connection ").append(node.role() == NodeRole.EDGE ? "to-relays" : "to-primary").append('\n');
        conf.append("address");
        for (NodeSpec target : upstream) {
            conf.append(' ').append(addressOf(target, deployment));
        }
        conf.append('\n');
        if (upstream.size() > 1) {
            conf.append("# Round robin: the bridge stays where it is until that relay fails. With round_robin false it\n");
            conf.append("# would return to the first address whenever a TCP connect there succeeds, which a hung relay's\n");
            conf.append("# kernel still completes, and flap between the relays (mosquitto issue #3293).\n");
            conf.append("round_robin true\n");
        }
        if (tls) {
            conf.append("# The relays' certificates must chain to this run's CA and name the address dialled.\n");
            conf.append("bridge_cafile ").append(LOCAL_TLS_DIRECTORY).append('/').append(DevCertificateAuthority.CA_CERTIFICATE_FILE_NAME).append('\n');
            conf.append("bridge_insecure false\n");
        }
        conf.append("# Unique per bridge, or bridges would take over each other's session.\n");
        conf.append("remote_clientid ").append(ClusterDescription.bridgeClientId(node)).append('\n');
        conf.append("# MQTT 5 carries the SDK's continuity metadata (user properties) across the bridge.\n");
        conf.append("bridge_protocol_version mqttv50\n");
        conf.append(sessionSettings);
        conf.append("keepalive_interval ").append(MosquittoConfigRenderer.BRIDGE_KEEPALIVE_SECONDS).append('\n');
        conf.append("# Two values: Mosquitto 2.0.11 ignores one and backs off 5-30 s.\n");
        conf.append("restart_timeout ").append(BRIDGE_RESTART_TIMEOUT).append('\n');
        conf.append("# $SYS/broker/connection/").append(ClusterDescription.bridgeClientId(node))
                .append("/state on both ends tells which relay the bridge is on.\n");
        conf.append("notifications true\n");
        conf.append("# Everything, both ways, at QoS 1 (the default is QoS 0, outbound only).\n");
        conf.append("topic # both 1\n");
        conf.append("# The bridge's remote_username and remote_password follow, appended for each run from the\n");
        conf.append("# run's generated logins (they are never committed).\n");
    }

    /**
     * What a run appends to a node's rendered config: the bridge's login (the bridge section is the
     * config's last, so the lines belong to it) and, for a local run, the user to run as.
     *
     * @param node      the node
     * @param secrets   the run's logins
     * @param runAsUser for a local run, the user who started it: Mosquitto started as root would otherwise
     *                  switch to the user {@code mosquitto}, which cannot read the run's owner-only files;
     *                  ignored by Mosquitto when not started as root. Null for compose.
     */
    public static String renderRunSecrets(NodeSpec node, ClusterSecrets secrets, String runAsUser) {
        StringBuilder tail = new StringBuilder();
        if (node.role() != NodeRole.PRIMARY_RELAY) {
            Login bridge = secrets.login(ClusterDescription.bridgeClientId(node));
            tail.append("remote_username ").append(bridge.username()).append('\n');
            tail.append("remote_password ").append(bridge.password()).append('\n');
        }
        if (runAsUser != null) {
            tail.append("user ").append(runAsUser).append('\n');
        }
        return tail.toString();
    }

    private static String addressOf(NodeSpec target, Deployment deployment) {
        return deployment == Deployment.LOCAL
                ? target.address()
                : target.name() + ":" + Deployment.CONTAINER_PORT;
    }

    private static String describe(NodeSpec node) {
        return switch (node.role()) {
            case EDGE -> "client-facing edge broker of the mqtt-ha cluster";
            case PRIMARY_RELAY -> "primary backbone relay of the mqtt-ha cluster";
            case STANDBY_RELAY -> "standby backbone relay of the mqtt-ha cluster";
        };
    }
}
