package io.mqttha.client;

/**
 * How the client picks the next node to connect to.
 *
 * <p>Whatever the strategy, nodes known to be down or hung (see {@link NodeState}) and nodes still
 * backing off after a failed attempt are skipped while any other node is eligible.
 */
public enum NodeSelection {
    /**
     * Each client's own order of the nodes, derived from its client id (rendezvous hashing), so that a
     * fleet spreads evenly over the cluster with no coordination. When a node fails, only its clients move,
     * and they spread evenly over the others; when it returns, they fail back to it once health probes have
     * seen it up for the failback delay, each at its own moment within the failback spread. The default.
     */
    SPREAD,
    /** The first eligible node in the configured order; after a failover the client stays where it is. */
    ORDERED,
    /** The next eligible node after the one last used, wrapping around the configured list. */
    ROUND_ROBIN,
    /** A random eligible node, drawn again at every connection; the client does not fail back. */
    RANDOM,
    /**
     * The configured preferred node whenever it is eligible, otherwise {@link #ORDERED}; the client moves
     * back (fails back) to the preferred node once health probes have seen it up for the failback delay.
     */
    PREFERRED
}
