package io.mqttha.client.continuity;

/**
 * Why a message's continuity metadata, or a continuity control message, was counted as invalid.
 *
 * <p>An invalid message is still delivered to the application; only its tracking is skipped.
 */
public enum InvalidReason {
    /** Some continuity properties are present, but not all of origin, incarnation, sequence and sent-at. */
    MISSING_FIELD,
    /** The origin property is empty. */
    ORIGIN_MALFORMED,
    /** The incarnation property is not {@code <millis>-<8 hex digits>}. */
    INCARNATION_MALFORMED,
    /** The sequence property is not a decimal number. */
    SEQUENCE_NOT_A_NUMBER,
    /** The sequence property is a number outside {@code [0, 2^32 - 1]}. */
    SEQUENCE_OUT_OF_RANGE,
    /** The sent-at property is not a non-negative decimal number of epoch milliseconds. */
    SENT_AT_MALFORMED,
    /** The retained version property is unreadable or disagrees with the incarnation and sequence. */
    VERSION_MALFORMED,
    /** The sequence jumped further ahead than the configured maximum gap. */
    ENORMOUS_GAP,
    /**
     * The sequence went backwards within an incarnation to a number that is neither in a known gap nor within
     * the tracking window, so it cannot be told apart from a duplicate.
     */
    SEQUENCE_BACKWARDS,
    /** An announcement, repair request or unavailability notice could not be decoded. */
    CONTROL_MESSAGE_MALFORMED
}
