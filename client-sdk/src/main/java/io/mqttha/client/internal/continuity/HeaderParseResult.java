package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.InvalidReason;

import java.util.Objects;

/**
 * What {@link ContinuityHeaders#parse} found in a message's user properties.
 */
public sealed interface HeaderParseResult {

    /** The message carries no continuity property: it is delivered untracked. */
    record Untracked() implements HeaderParseResult {
    }

    /**
     * The message carries complete, well-formed continuity metadata.
     *
     * @param metadata the metadata
     */
    record Tracked(ContinuityMetadata metadata) implements HeaderParseResult {

        /** Checks for null. */
        public Tracked {
            Objects.requireNonNull(metadata, "metadata");
        }
    }

    /**
     * The message carries continuity properties that cannot be used.
     *
     * @param reason the category, as counted in the metrics
     * @param detail a human-readable explanation naming the offending property
     */
    record Invalid(InvalidReason reason, String detail) implements HeaderParseResult {

        /** Checks for nulls. */
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
