package io.mqttha.dashboard;

import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bands of the outage chart: one per time a node was down or hung, open until it is up again, at most
 * {@code capacity} kept. Used on the view-model's thread only.
 */
final class OutageBands {

    private final ObservableList<OutageBand> bands;
    private final int capacity;
    private final Map<String, Instant> outageStart = new HashMap<>();

    OutageBands(ObservableList<OutageBand> bands, int capacity) {
        this.bands = bands;
        this.capacity = capacity;
    }

    /** {@code node} went down or hung; a band of another state that was open ends here. */
    void began(String node, NodeStatus status, NodeStatus previous, Instant time) {
        if (previous.isOutage()) {
            close(node, time);
        }
        outageStart.putIfAbsent(node, time);
        bands.add(new OutageBand(node, status, time, Optional.empty()));
        if (bands.size() > capacity) {
            bands.remove(0, bands.size() - capacity);
        }
    }

    /**
     * {@code node} is out of its outage at {@code time}.
     *
     * @return how long the whole outage lasted, if one was open
     */
    Optional<Duration> ended(String node, Instant time) {
        Instant start = outageStart.remove(node);
        if (start == null) {
            return Optional.empty();
        }
        close(node, time);
        return Optional.of(Duration.between(start, time));
    }

    private void close(String node, Instant time) {
        for (int i = bands.size() - 1; i >= 0; i--) {
            OutageBand band = bands.get(i);
            if (band.node().equals(node) && band.to().isEmpty()) {
                bands.set(i, new OutageBand(node, band.status(), band.from(), Optional.of(time)));
                return;
            }
        }
    }
}
