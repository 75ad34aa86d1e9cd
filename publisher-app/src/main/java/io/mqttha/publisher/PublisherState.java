package io.mqttha.publisher;

import java.util.Map;

/**
 * The retained, versioned document a publisher keeps on its state topic ({@link PublisherTopics#state}); each
 * update has a higher version, so a reader can tell a stale retained copy from a newer one.
 *
 * @param publisher    the publisher's name
 * @param version      increases with every update; null in a document that has none
 * @param node         the broker address the publisher was connected to, or null
 * @param pairedBroker the broker the publisher is paired with
 * @param updatedAt    when it was written, ISO-8601
 * @param sent         telemetry messages sent, by {@code qos0}, {@code qos1}, {@code qos2}
 */
public record PublisherState(String publisher, Long version, String node, String pairedBroker, String updatedAt,
        Map<String, Long> sent) {

    /**
     * Returns the version.
     *
     * @return the version, or -1 if the document has none
     */
    public long versionOrUnknown() {
        return version == null ? -1 : version;
    }
}
