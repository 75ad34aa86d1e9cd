package io.mqttha.brokers.security;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Identity.Access;
import io.mqttha.brokers.security.Identity.AclRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who may connect to the cluster and what each identity may do, derived from the cluster description
 * and rendered into the Mosquitto ACL file that every node loads. Anonymous clients are refused on
 * every listener; an identity may do only what its rules grant.
 *
 * <ul>
 * <li>{@code publisher-N} (one per edge): writes only its own topics, {@value #TOPIC_PREFIX}/publisher-N/…,
 *     and reads them back (the SDK watches its own retained state); its continuity control traffic.</li>
 * <li>{@value #DASHBOARD}: reads everything, including the bridges' {@code $SYS} notifications; writes
 *     only the repair requests it sends to origins.</li>
 * <li>{@code bridge-…} (one per bridge): everything both ways, which is what a bridge forwards.</li>
 * <li>{@value #OPERATOR}: everything; for the cluster's own tools (the {@code ./demo cluster} commands,
 *     tests and benchmarks), never for publishers or the dashboard.</li>
 * </ul>
 */
public final class AccessPolicy {

    /** The identity of the cluster's own tools. */
    public static final String OPERATOR = "operator";
    /** The identity of the dashboard. */
    public static final String DASHBOARD = "dashboard";
    /** The topic prefix publishers write under; the publishers' default. */
    public static final String TOPIC_PREFIX = "mqtt-ha";
    /**
     * Where the SDK's continuity control traffic lives; must equal the SDK's
     * {@code ControlTopics.PREFIX} (a test in the SDK checks that it does).
     */
    public static final String CONTROL_PREFIX = "mqtt-ha/control/";

    private static final String BROKER_NOTIFICATIONS = "$SYS/broker/connection/#";
    private static final String SYS_TOPICS = "$SYS/#";

    private final List<Identity> identities;

    private AccessPolicy(List<Identity> identities) {
        this.identities = List.copyOf(identities);
    }

    /** The identities and rights of {@code cluster}: one publisher per edge, the dashboard, each bridge, the operator. */
    public static AccessPolicy of(ClusterDescription cluster) {
        Objects.requireNonNull(cluster, "cluster");
        List<Identity> identities = new ArrayList<>();
        for (int i = 1; i <= cluster.edges().size(); i++) {
            identities.add(publisher(publisherName(i)));
        }
        identities.add(new Identity(DASHBOARD, "the dashboard: reads everything, asks origins to repair gaps", List.of(
                new AclRule(Access.READ, "#"),
                new AclRule(Access.READ, SYS_TOPICS),
                new AclRule(Access.WRITE, CONTROL_PREFIX + "+/repair"))));
        for (NodeSpec node : cluster.nodes()) {
            if (!node.equals(cluster.primaryRelay())) {
                identities.add(new Identity(ClusterDescription.bridgeClientId(node),
                        "the bridge of " + node.name() + ": forwards everything both ways", List.of(
                        new AclRule(Access.READ_WRITE, "#"),
                        new AclRule(Access.READ_WRITE, BROKER_NOTIFICATIONS))));
            }
        }
        identities.add(new Identity(OPERATOR, "the cluster's own tools: ./demo cluster, tests, benchmarks", List.of(
                new AclRule(Access.READ_WRITE, "#"),
                new AclRule(Access.READ, SYS_TOPICS))));
        return new AccessPolicy(identities);
    }

    /** The username of the publisher paired with edge {@code index} (1-based), for example {@code publisher-3}. */
    public static String publisherName(int index) {
        return "publisher-" + index;
    }

    /** Every identity, publishers first, the operator last. */
    public List<Identity> identities() {
        return identities;
    }

    /** The usernames of every identity, in order. */
    public List<String> usernames() {
        return identities.stream().map(Identity::username).toList();
    }

    /** The Mosquitto ACL file every node loads. */
    public String renderAclFile() {
        StringBuilder acl = new StringBuilder();
        acl.append("# Access rights of the mqtt-ha cluster, rendered from io.mqttha.brokers.security.AccessPolicy.\n");
        acl.append("# Do not edit: change the policy and run `./demo cluster render`. Anonymous clients are refused\n");
        acl.append("# on every listener, and an identity may do only what its lines below grant.\n");
        for (Identity identity : identities) {
            acl.append("\n# ").append(identity.purpose()).append('\n');
            acl.append("user ").append(identity.username()).append('\n');
            for (AclRule rule : identity.rules()) {
                acl.append("topic ").append(rule.access().keyword()).append(' ').append(rule.topicFilter()).append('\n');
            }
        }
        return acl.toString();
    }

    private static Identity publisher(String name) {
        String own = TOPIC_PREFIX + "/" + name + "/#";
        String control = CONTROL_PREFIX + name + "/#";
        return new Identity(name, "publisher " + name + ": its own topics and its continuity control traffic", List.of(
                new AclRule(Access.READ_WRITE, own),
                // announcements of its streams and repair requests addressed to it
                new AclRule(Access.READ_WRITE, control),
                // the answers to a requester: re-sent messages, or why they cannot be
                new AclRule(Access.WRITE, CONTROL_PREFIX + "+/replay"),
                new AclRule(Access.WRITE, CONTROL_PREFIX + "+/unavailable")));
    }
}
