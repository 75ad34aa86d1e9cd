package io.mqttha.dashboard;

import java.util.Optional;

/** Finds which relay an edge's bridge is connected to, when that can be known. */
@FunctionalInterface
public interface BridgeLookup {

    /** A lookup that never knows, for clusters whose relays the dashboard cannot ask. */
    BridgeLookup UNKNOWN = edge -> Optional.empty();

    /**
     * Asks the relays; may open short connections, so it is called every few seconds at most.
     *
     * @param edge the edge's name
     * @return the relay's name, empty when no relay reports the bridge
     */
    Optional<String> relayOf(String edge);
}
