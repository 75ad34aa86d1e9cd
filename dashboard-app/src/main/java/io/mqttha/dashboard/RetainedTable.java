package io.mqttha.dashboard;

import io.mqttha.publisher.PublisherPayloads;
import io.mqttha.publisher.PublisherState;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The newest value of every retained topic, sorted by topic: a copy older than the version shown is ignored
 * and counted. Used on the view-model's thread only.
 */
final class RetainedTable {

    /** Characters of a value shown; longer ones are cut with an ellipsis. */
    private static final int VALUE_DISPLAY_LIMIT = 160;

    private final ObservableList<RetainedRow> rows;
    private final Map<String, RetainedRow> byTopic = new HashMap<>();
    private long staleIgnored;

    RetainedTable(ObservableList<RetainedRow> rows) {
        this.rows = rows;
    }

    /**
     * Shows {@code payload} as the value of {@code topic}, unless it is older than the version shown.
     *
     * @return whether it is shown
     */
    boolean offer(String topic, String payload, String node, Instant time) {
        RetainedRow row = byTopic.computeIfAbsent(topic, this::insertSorted);
        long version = PublisherPayloads.read(payload, PublisherState.class)
                .map(PublisherState::versionOrUnknown).orElse(-1L);
        if (version >= 0 && row.version() > version) {
            row.ignoreStaleCopy();
            staleIgnored++;
            return false;
        }
        String value = payload.length() > VALUE_DISPLAY_LIMIT ? payload.substring(0, VALUE_DISPLAY_LIMIT) + "…" : payload;
        row.update(value, version, node, time);
        return true;
    }

    boolean contains(String topic) {
        return byTopic.containsKey(topic);
    }

    /** Copies older than the version shown, ignored so far. */
    long staleIgnored() {
        return staleIgnored;
    }

    private RetainedRow insertSorted(String topic) {
        RetainedRow row = new RetainedRow(topic);
        int position = 0;
        while (position < rows.size() && rows.get(position).topic().compareTo(topic) < 0) {
            position++;
        }
        rows.add(position, row);
        return row;
    }
}
