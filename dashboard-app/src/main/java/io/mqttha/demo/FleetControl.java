package io.mqttha.demo;

import io.mqttha.dashboard.ControlAction;
import io.mqttha.dashboard.TargetControl;

import java.util.Optional;

/**
 * The dashboard's publisher buttons on publishers this process runs. The fleet is not thread-safe, so
 * every use, here and at shutdown, holds its lock.
 */
final class FleetControl implements TargetControl {

    private static final String PREFIX = "publisher-";

    private final PublisherFleet fleet;

    FleetControl(PublisherFleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public void perform(ControlAction action, String publisher) {
        if (!publisher.startsWith(PREFIX)) {
            throw new IllegalArgumentException(publisher + " is not a publisher name such as publisher-3");
        }
        int index = Integer.parseInt(publisher.substring(PREFIX.length()));
        synchronized (fleet) {
            switch (action) {
                case KILL -> fleet.kill(index);
                case PAUSE -> fleet.pause(index);
                case RESUME -> fleet.resume(index);
                case RESTART -> fleet.restart(index);
                default -> throw new IllegalArgumentException("Unhandled action " + action);
            }
        }
    }
}
