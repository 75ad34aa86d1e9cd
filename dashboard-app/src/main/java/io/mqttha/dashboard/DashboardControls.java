package io.mqttha.dashboard;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the dashboard's buttons act on: the nodes, the publishers, and the thread that runs the (blocking)
 * commands so that the window never waits for a restart.
 *
 * @param nodes      controls for the broker nodes
 * @param publishers controls for the publishers
 * @param executor   runs the commands
 */
public record DashboardControls(TargetControl nodes, TargetControl publishers, Executor executor) {

    /** Checks for nulls. */
    public DashboardControls {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(publishers, "publishers");
        Objects.requireNonNull(executor, "executor");
    }

    /**
     * Controls that are all disabled for one reason.
     *
     * @param reason the tooltip sentence
     * @return disabled controls
     */
    public static DashboardControls unavailable(String reason) {
        TargetControl none = TargetControl.unavailable(reason);
        return new DashboardControls(none, none, Runnable::run);
    }
}
