package io.mqttha.demo;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.dashboard.ControlAction;
import io.mqttha.dashboard.TargetControl;

import java.util.Optional;

/** The dashboard's node buttons on a cluster this process runs. */
final class LocalNodeControl implements TargetControl {

    private final LocalCluster cluster;

    LocalNodeControl(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public void perform(ControlAction action, String node) {
        switch (action) {
            case KILL -> cluster.kill(node);
            case PAUSE -> cluster.pause(node);
            case RESUME -> cluster.resume(node);
            case RESTART -> cluster.restart(node);
            default -> throw new IllegalArgumentException("Unhandled action " + action);
        }
    }
}
