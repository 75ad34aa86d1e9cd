package io.mqttha.brokers.model;

import java.util.List;

/** A node name that the cluster does not have. */
public final class UnknownNodeException extends ClusterException {

    private static final long serialVersionUID = 1L;

    /** Names the unknown node and the ones that exist. */
    public UnknownNodeException(String name, List<String> known) {
        super("Unknown node '" + name + "': the cluster has " + String.join(", ", known) + ".");
    }
}
