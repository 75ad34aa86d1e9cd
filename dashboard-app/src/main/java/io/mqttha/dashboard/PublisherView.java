package io.mqttha.dashboard;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/** One publisher's row: read-only for views, written by the {@link DashboardViewModel} only. */
public final class PublisherView {

    private final String name;
    private final ReadOnlyObjectWrapper<PublisherStatus> status = new ReadOnlyObjectWrapper<>(PublisherStatus.UNKNOWN);
    private final ReadOnlyStringWrapper reportedStatus = new ReadOnlyStringWrapper("");
    private Instant reportedStatusTime;
    private final ReadOnlyStringWrapper node = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper qosLevels = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Instant> lastHeartbeat = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Duration> heartbeatAge = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper received = new ReadOnlyLongWrapper();
    private final ReadOnlyDoubleWrapper ratePerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyLongWrapper sent = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper failovers = new ReadOnlyLongWrapper(-1);
    private final TreeSet<Integer> seenQos = new TreeSet<>();

    PublisherView(String name) {
        this.name = name;
    }

    /**
     * The publisher's name.
     *
     * @return for example {@code publisher-3}
     */
    public String name() {
        return name;
    }

    /**
     * Online, silent, offline or unknown, from the retained status and the heartbeats together.
     *
     * @return the status
     */
    public ReadOnlyObjectProperty<PublisherStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * The retained status payload as last received.
     *
     * @return {@code online}, {@code offline} or empty before any
     */
    public ReadOnlyStringProperty reportedStatusProperty() {
        return reportedStatus.getReadOnlyProperty();
    }

    /**
     * The node the publisher's latest heartbeat says it is connected to.
     *
     * @return the node's name, empty when unknown
     */
    public ReadOnlyStringProperty nodeProperty() {
        return node.getReadOnlyProperty();
    }

    /**
     * The QoS levels of the telemetry streams received from it.
     *
     * @return for example {@code 0 1 2}
     */
    public ReadOnlyStringProperty qosLevelsProperty() {
        return qosLevels.getReadOnlyProperty();
    }

    /**
     * When its latest heartbeat arrived.
     *
     * @return the time, null before any
     */
    public ReadOnlyObjectProperty<Instant> lastHeartbeatProperty() {
        return lastHeartbeat.getReadOnlyProperty();
    }

    /**
     * How long ago its latest heartbeat arrived, refreshed on every batch.
     *
     * @return the age, null before any
     */
    public ReadOnlyObjectProperty<Duration> heartbeatAgeProperty() {
        return heartbeatAge.getReadOnlyProperty();
    }

    /**
     * Telemetry messages the dashboard received from it, all QoS levels.
     *
     * @return the count
     */
    public ReadOnlyLongProperty receivedProperty() {
        return received.getReadOnlyProperty();
    }

    /**
     * Telemetry messages per second received from it over the last ten complete seconds.
     *
     * @return the rate
     */
    public ReadOnlyDoubleProperty ratePerSecondProperty() {
        return ratePerSecond.getReadOnlyProperty();
    }

    /**
     * Telemetry messages it says it sent, from its latest heartbeat.
     *
     * @return the count, -1 before any heartbeat
     */
    public ReadOnlyLongProperty sentProperty() {
        return sent.getReadOnlyProperty();
    }

    /**
     * Failovers of its own connection, from its latest heartbeat.
     *
     * @return the count, -1 before any heartbeat
     */
    public ReadOnlyLongProperty failoversProperty() {
        return failovers.getReadOnlyProperty();
    }

    /**
     * The current status.
     *
     * @return the status
     */
    public PublisherStatus status() {
        return status.get();
    }

    /**
     * The node it is on.
     *
     * @return the node's name, empty when unknown
     */
    public String node() {
        return node.get();
    }

    void setStatus(PublisherStatus newStatus) {
        status.set(newStatus);
    }

    Instant reportedStatusTime() {
        return reportedStatusTime;
    }

    void setReportedStatus(String text, Instant time) {
        reportedStatus.set(text);
        reportedStatusTime = time;
    }

    void setNode(String nodeName) {
        node.set(nodeName);
    }

    void heartbeat(Instant time, long sentTotal, long failoverCount) {
        lastHeartbeat.set(time);
        sent.set(sentTotal);
        failovers.set(failoverCount);
    }

    void addReceived(int qos, long count) {
        received.set(received.get() + count);
        if (seenQos.add(qos)) {
            qosLevels.set(String.join(" ", seenQos.stream().map(String::valueOf).toList()));
        }
    }

    void refresh(Instant now, double rate) {
        heartbeatAge.set(lastHeartbeat.get() == null ? null : Duration.between(lastHeartbeat.get(), now));
        ratePerSecond.set(rate);
    }
}
