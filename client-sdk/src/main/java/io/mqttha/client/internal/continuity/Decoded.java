package io.mqttha.client.internal.continuity;

import java.util.Objects;

/**
 * The result of decoding a control message: the value, or why the payload was rejected.
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> {

    /**
     * The payload was well formed.
     *
     * @param value the decoded message
     * @param <T>   the decoded type
     */
    record Valid<T>(T value) implements Decoded<T> {

        /** Checks for null. */
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The payload was rejected; it counts as {@link InvalidReason#CONTROL_MESSAGE_MALFORMED}.
     *
     * @param detail a human-readable explanation
     * @param <T>    the type that was expected
     */
    record Malformed<T>(String detail) implements Decoded<T> {

        /** Checks for null. */
        public Malformed {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
