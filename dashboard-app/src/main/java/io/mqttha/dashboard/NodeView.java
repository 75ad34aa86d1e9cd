package io.mqttha.dashboard;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;

/** One node's tile: read-only for views, written by the {@link DashboardViewModel} only. */
public final class NodeView {

    private final NodeInfo info;
    private final ReadOnlyObjectWrapper<NodeStatus> status = new ReadOnlyObjectWrapper<>(NodeStatus.UNKNOWN);
    private final ReadOnlyObjectWrapper<Instant> statusSince = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper roundTripMillis = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyObjectWrapper<Instant> lastSeen = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Duration> sinceLastSeen = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper bridgedTo = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper publishersHere = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper dashboardHere = new ReadOnlyBooleanWrapper();

    NodeView(NodeInfo info, Instant created) {
        this.info = info;
        statusSince.set(created);
    }

    /**
     * The node's name, role and address.
     *
     * @return the fixed description
     */
    public NodeInfo info() {
        return info;
    }

    /**
     * The node's name.
     *
     * @return for example {@code node-3}
     */
    public String name() {
        return info.name();
    }

    /**
     * The latest state found.
     *
     * @return up, down, hung or unknown
     */
    public ReadOnlyObjectProperty<NodeStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * When the state last changed.
     *
     * @return the time, at first when the dashboard started
     */
    public ReadOnlyObjectProperty<Instant> statusSinceProperty() {
        return statusSince.getReadOnlyProperty();
    }

    /**
     * The latest probe round trip.
     *
     * @return milliseconds, -1 while the node has not answered
     */
    public ReadOnlyLongProperty roundTripMillisProperty() {
        return roundTripMillis.getReadOnlyProperty();
    }

    /**
     * When the node was last found up, by a probe or by delivering a message.
     *
     * @return the time, null if never
     */
    public ReadOnlyObjectProperty<Instant> lastSeenProperty() {
        return lastSeen.getReadOnlyProperty();
    }

    /**
     * How long ago the node was last found up, refreshed on every batch.
     *
     * @return the age, null if never seen
     */
    public ReadOnlyObjectProperty<Duration> sinceLastSeenProperty() {
        return sinceLastSeen.getReadOnlyProperty();
    }

    /**
     * The relay this edge's bridge is connected to.
     *
     * @return the relay's name, empty when unknown or for a relay
     */
    public ReadOnlyStringProperty bridgedToProperty() {
        return bridgedTo.getReadOnlyProperty();
    }

    /**
     * The publishers whose latest heartbeat came through this node.
     *
     * @return comma-separated names, empty when none
     */
    public ReadOnlyStringProperty publishersHereProperty() {
        return publishersHere.getReadOnlyProperty();
    }

    /**
     * Whether the dashboard's own connection is on this node.
     *
     * @return true while it is
     */
    public ReadOnlyBooleanProperty dashboardHereProperty() {
        return dashboardHere.getReadOnlyProperty();
    }

    /**
     * The latest state found.
     *
     * @return the state
     */
    public NodeStatus status() {
        return status.get();
    }

    void setStatus(NodeStatus newStatus, Instant time) {
        if (status.get() != newStatus) {
            status.set(newStatus);
            statusSince.set(time);
        }
    }

    void setRoundTripMillis(long millis) {
        roundTripMillis.set(millis);
    }

    void markSeen(Instant time) {
        if (lastSeen.get() == null || time.isAfter(lastSeen.get())) {
            lastSeen.set(time);
        }
    }

    void refreshAge(Instant now) {
        sinceLastSeen.set(lastSeen.get() == null ? null : Duration.between(lastSeen.get(), now));
    }

    void setBridgedTo(String relay) {
        bridgedTo.set(relay);
    }

    void setPublishersHere(String publishers) {
        publishersHere.set(publishers);
    }

    void setDashboardHere(boolean here) {
        dashboardHere.set(here);
    }
}
