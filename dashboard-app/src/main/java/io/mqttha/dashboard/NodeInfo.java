package io.mqttha.dashboard;

import java.util.Objects;

/**
 * A broker node the dashboard shows.
 *
 * @param name    the node's name, for example {@code node-3} or {@code relay-a}
 * @param relay   true for a backbone relay, false for a client-facing edge
 * @param address {@code host:port} as clients and probes reach it
 */
public record NodeInfo(String name, boolean relay, String address) {

    /** Checks for nulls. */
    public NodeInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }
}
