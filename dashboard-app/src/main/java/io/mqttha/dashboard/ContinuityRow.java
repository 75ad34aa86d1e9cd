package io.mqttha.dashboard;

import io.mqttha.client.continuity.StreamStats;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * Continuity of one publisher's stream at one QoS level: what the dashboard received itself next to what
 * the SDK's continuity tracking counted, so a difference between the two would show the dashboard losing
 * messages.
 */
public final class ContinuityRow {

    private final String publisher;
    private final int qos;
    private final String topic;
    private final ReadOnlyLongWrapper received = new ReadOnlyLongWrapper();
    private final ReadOnlyDoubleWrapper ratePerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyLongWrapper delivered = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper lost = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper duplicates = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper reordered = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper repaired = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper latencyP50Millis = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper latencyP99Millis = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyLongWrapper repairLatencyP50Millis = new ReadOnlyLongWrapper(-1);

    ContinuityRow(String publisher, int qos, String topic) {
        this.publisher = publisher;
        this.qos = qos;
        this.topic = topic;
    }

    /**
     * The publisher.
     *
     * @return for example {@code publisher-3}
     */
    public String publisher() {
        return publisher;
    }

    /**
     * The QoS level of the stream.
     *
     * @return 0, 1 or 2
     */
    public int qos() {
        return qos;
    }

    /**
     * The stream's topic.
     *
     * @return for example {@code mqtt-ha/publisher-3/telemetry/qos1}
     */
    public String topic() {
        return topic;
    }

    /**
     * Messages of this stream the dashboard applied to its view, counted exactly.
     *
     * @return the count
     */
    public ReadOnlyLongProperty receivedProperty() {
        return received.getReadOnlyProperty();
    }

    /**
     * Messages per second over the last ten complete seconds.
     *
     * @return the rate
     */
    public ReadOnlyDoubleProperty ratePerSecondProperty() {
        return ratePerSecond.getReadOnlyProperty();
    }

    /**
     * Distinct messages the SDK delivered, -1 before continuity counters arrive.
     *
     * @return the count
     */
    public ReadOnlyLongProperty deliveredProperty() {
        return delivered.getReadOnlyProperty();
    }

    /**
     * Sequence numbers missing now, -1 before continuity counters arrive.
     *
     * @return the count
     */
    public ReadOnlyLongProperty lostProperty() {
        return lost.getReadOnlyProperty();
    }

    /**
     * Copies of messages already delivered, -1 before continuity counters arrive.
     *
     * @return the count
     */
    public ReadOnlyLongProperty duplicatesProperty() {
        return duplicates.getReadOnlyProperty();
    }

    /**
     * Messages that filled a gap before a repair was asked for, -1 before continuity counters arrive.
     *
     * @return the count
     */
    public ReadOnlyLongProperty reorderedProperty() {
        return reordered.getReadOnlyProperty();
    }

    /**
     * Messages that filled a gap after a repair was asked for, -1 before continuity counters arrive.
     *
     * @return the count
     */
    public ReadOnlyLongProperty repairedProperty() {
        return repaired.getReadOnlyProperty();
    }

    /**
     * Median end-to-end latency of live deliveries (not repaired ones, not retained copies), -1 without samples.
     *
     * @return milliseconds
     */
    public ReadOnlyLongProperty latencyP50MillisProperty() {
        return latencyP50Millis.getReadOnlyProperty();
    }

    /**
     * 99th percentile end-to-end latency of live deliveries, -1 without samples.
     *
     * @return milliseconds
     */
    public ReadOnlyLongProperty latencyP99MillisProperty() {
        return latencyP99Millis.getReadOnlyProperty();
    }

    /**
     * Median end-to-end latency of deliveries by repair, -1 without any.
     *
     * @return milliseconds
     */
    public ReadOnlyLongProperty repairLatencyP50MillisProperty() {
        return repairLatencyP50Millis.getReadOnlyProperty();
    }

    void addReceived(long count) {
        received.set(received.get() + count);
    }

    void setRate(double rate) {
        ratePerSecond.set(rate);
    }

    void apply(StreamStats stats) {
        delivered.set(stats.delivered());
        lost.set(stats.lost());
        duplicates.set(stats.duplicates());
        reordered.set(stats.reordered());
        repaired.set(stats.repaired());
        latencyP50Millis.set(stats.latencyP50Millis());
        latencyP99Millis.set(stats.latencyP99Millis());
        repairLatencyP50Millis.set(stats.repairLatencyP50Millis());
    }
}
