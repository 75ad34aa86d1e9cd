package io.mqttha.client.continuity;

import java.util.Objects;

/**
 * Identifies one continuity stream: the messages one origin publishes on one topic.
 *
 * @param origin the client id of the publisher
 * @param topic  the topic name
 */
public record StreamKey(String origin, String topic) {

    /** Checks that neither component is null. */
    public StreamKey {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(topic, "topic");
    }
}
