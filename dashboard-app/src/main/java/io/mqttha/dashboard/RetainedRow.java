package io.mqttha.dashboard;

import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Instant;

/** The newest retained value of one topic, as the dashboard received it. */
public final class RetainedRow {

    private final String topic;
    private final ReadOnlyStringWrapper value = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyStringWrapper fromNode = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Instant> updated = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper staleCopiesIgnored = new ReadOnlyLongWrapper();

    RetainedRow(String topic) {
        this.topic = topic;
    }

    /**
     * The topic.
     *
     * @return for example {@code mqtt-ha/publisher-3/state}
     */
    public String topic() {
        return topic;
    }

    /**
     * The value, shortened for display.
     *
     * @return the payload text
     */
    public ReadOnlyStringProperty valueProperty() {
        return value.getReadOnlyProperty();
    }

    /**
     * The value's version from its {@code version} field.
     *
     * @return the version, -1 for an unversioned value
     */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /**
     * The node that delivered the value.
     *
     * @return the node's name, or its address when it is not one of the dashboard's nodes
     */
    public ReadOnlyStringProperty fromNodeProperty() {
        return fromNode.getReadOnlyProperty();
    }

    /**
     * When the value arrived.
     *
     * @return the time
     */
    public ReadOnlyObjectProperty<Instant> updatedProperty() {
        return updated.getReadOnlyProperty();
    }

    /**
     * Copies older than the shown version that arrived later, for example re-sent by a node that rejoined.
     *
     * @return the count
     */
    public ReadOnlyLongProperty staleCopiesIgnoredProperty() {
        return staleCopiesIgnored.getReadOnlyProperty();
    }

    /**
     * The version shown.
     *
     * @return the version, -1 for an unversioned value
     */
    public long version() {
        return version.get();
    }

    void update(String newValue, long newVersion, String node, Instant time) {
        value.set(newValue);
        version.set(newVersion);
        fromNode.set(node);
        updated.set(time);
    }

    void ignoreStaleCopy() {
        staleCopiesIgnored.set(staleCopiesIgnored.get() + 1);
    }
}
