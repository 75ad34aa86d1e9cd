package io.mqttha.brokers.model;

/** What a broker does in the cluster's tree. */
public enum NodeRole {
    /** A client-facing broker; it has one bridge, to the primary relay with the standby as fallback. */
    EDGE("edge"),
    /** The backbone's primary: every edge bridges here while it is up. Serves no clients. */
    PRIMARY_RELAY("relay-primary"),
    /** The backbone's standby: bridges to the primary, takes the edges while the primary is down. */
    STANDBY_RELAY("relay-standby");

    private final String label;

    NodeRole(String label) {
        this.label = label;
    }

    /** The role as people and scripts read it, for example {@code relay-primary}. */
    public String label() {
        return label;
    }

    /** Whether this node is one of the two backbone relays. */
    public boolean isRelay() {
        return this != EDGE;
    }
}
