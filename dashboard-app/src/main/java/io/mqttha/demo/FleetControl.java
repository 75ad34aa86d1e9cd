package io.mqttha.demo;

import io.mqttha.dashboard.ControlAction;
import io.mqttha.dashboard.TargetControl;

import java.io.IOException;
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

    /** SIGSTOP/SIGCONT by process id: the fleet has no pause of its own, and Java cannot send these signals. */
    private void signal(int index, String signal) throws IOException, InterruptedException {
        long pid = fleet.pid(index).orElseThrow(() -> new IllegalStateException(PREFIX + index + " is not running."));
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public void perform(ControlAction action, String publisher) throws IOException, InterruptedException {
        if (!publisher.startsWith(PREFIX)) {
            throw new IllegalArgumentException(publisher + " is not a publisher name such as publisher-3");
        }
        int index = Integer.parseInt(publisher.substring(PREFIX.length()));
        synchronized (fleet) {
            switch (action) {
                case KILL -> fleet.kill(index);
                case PAUSE -> signal(index, "STOP");
                case RESUME -> signal(index, "CONT");
                case RESTART -> {
                    if (fleet.pid(index).isPresent()) {
                        fleet.stop(index);
                    }
                    fleet.start(index);
                }
                default -> throw new IllegalArgumentException("Unhandled action " + action);
            }
        }
    }
}
