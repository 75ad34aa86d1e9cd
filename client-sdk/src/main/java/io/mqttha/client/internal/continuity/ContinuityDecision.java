package io.mqttha.client.internal.continuity;

/**
 * What to do with one received message, as decided by continuity tracking.
 */
public enum ContinuityDecision {
    /** New and the next in its stream (or a stream's first message): deliver. */
    DELIVER(true),
    /** New and fills a gap that had not been asked for yet, so it arrived out of order: deliver. */
    DELIVER_REORDERED(true),
    /** New and fills a gap whose repair had been requested from the origin: deliver. */
    DELIVER_REPAIRED(true),
    /**
     * From an incarnation older than the two the tracker follows for its stream, so it cannot be checked for
     * duplication: deliver, counted as late.
     */
    DELIVER_LATE(true),
    /** Carries no continuity metadata: deliver untracked. */
    DELIVER_UNTRACKED(true),
    /** Carries unusable continuity metadata: deliver, counted as invalid with its reason. */
    DELIVER_INVALID(true),
    /** Already delivered, and duplicates are configured to reach the application: deliver, counted. */
    DELIVER_DUPLICATE(true),
    /** Already delivered: drop, counted. */
    DROP_DUPLICATE(false),
    /** An older version of a retained value than one already seen: drop, counted. */
    DROP_STALE_RETAINED(false);

    private final boolean deliver;

    ContinuityDecision(boolean deliver) {
        this.deliver = deliver;
    }

    /**
     * Tells whether the message should be handed to the application.
     *
     * @return true to deliver, false to drop
     */
    public boolean deliver() {
        return deliver;
    }
}
