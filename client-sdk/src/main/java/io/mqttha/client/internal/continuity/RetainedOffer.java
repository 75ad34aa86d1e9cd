package io.mqttha.client.internal.continuity;

/**
 * The outcome of offering a versioned retained value to a store of the newest versions.
 */
public enum RetainedOffer {
    /** The value is newer than any seen for its topic (or the topic is new) and is now the newest. */
    ACCEPT_NEWER,
    /** An older version than the newest seen: a stale copy, to be ignored. */
    IGNORE_STALE,
    /** The very version already held: a copy of the current value. */
    SAME
}
