package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.StreamKey;

import java.util.Objects;

/**
 * A subscriber's request that an origin re-send a run of messages of one stream.
 *
 * @param requester   the client id of the subscriber, whose {@linkplain ControlTopics#replay replay topic}
 *                    receives the copies
 * @param stream      the (origin, topic) stream
 * @param incarnation the incarnation of the origin that sent the missing messages
 * @param missing     the sequence numbers missing
 */
public record RepairRequest(String requester, StreamKey stream, Incarnation incarnation, SequenceRange missing) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the requester or the origin is empty
     */
    public RepairRequest {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(missing, "missing");
        if (requester.isEmpty() || stream.origin().isEmpty()) {
            throw new IllegalArgumentException("requester and origin must not be empty");
        }
    }
}
