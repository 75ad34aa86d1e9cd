package io.mqttha.demo;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.NodeAction;
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
        cluster.apply(NodeAction.valueOf(action.name()), node);
    }
}
