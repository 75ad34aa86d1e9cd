package io.mqttha.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The telemetry of one QoS level over time: messages and latency of the second in progress, one
 * {@link SeriesPoint} per completed second (the last hour), and rates over the last minute. Used on the
 * view-model's thread only.
 */
final class QosSeries {

    private final RingBuffer<SeriesPoint> points;
    private final RateWindow rates = new RateWindow();
    private long messages;
    private long latencyCount;
    private double latencySum;
    private double latencyMax = Double.NaN;
    private boolean gap;
    private long lost;

    QosSeries(int capacity) {
        this.points = new RingBuffer<>(capacity);
    }

    /** One telemetry message arrived; {@code latencyMillis} is negative when it carried no send time. */
    void count(long latencyMillis) {
        messages++;
        if (latencyMillis >= 0) {
            latencyCount++;
            latencySum += latencyMillis;
            if (Double.isNaN(latencyMax) || latencyMillis > latencyMax) {
                latencyMax = latencyMillis;
            }
        }
    }

    /**
     * Takes the latest count of lost messages of this QoS; marks the second in progress as one with a gap when
     * it grew.
     *
     * @return whether it grew
     */
    boolean lostNow(long lostNow) {
        boolean grew = lostNow > lost;
        gap |= grew;
        lost = lostNow;
        return grew;
    }

    /** Closes the second that started at {@code second}: it becomes a chart point and counts towards the rates. */
    void closeSecond(Instant second) {
        double mean = latencyCount == 0 ? Double.NaN : latencySum / latencyCount;
        points.add(new SeriesPoint(second, messages, mean, latencyMax, gap));
        rates.closeSecond(messages);
        messages = 0;
        latencyCount = 0;
        latencySum = 0;
        latencyMax = Double.NaN;
        gap = false;
    }

    double perSecond(int seconds) {
        return rates.perSecond(seconds);
    }

    /** The points of the latest {@code seconds} completed seconds, oldest first. */
    List<SeriesPoint> recent(int seconds) {
        List<SeriesPoint> recent = new ArrayList<>(Math.min(seconds, points.size()));
        for (int i = Math.max(0, points.size() - seconds); i < points.size(); i++) {
            recent.add(points.get(i));
        }
        return recent;
    }
}
