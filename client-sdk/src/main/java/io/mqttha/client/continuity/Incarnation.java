package io.mqttha.client.continuity;

import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One run of an origin process; a new one is chosen every time the process starts.
 *
 * <p>On the wire it is {@code <startedAtMillis>-<nonce as 8 lowercase hex digits>}, for example
 * {@code 1718000000000-0a1b2c3d}. Incarnations are ordered by start time, then by nonce (unsigned), so a
 * process started later is newer. The nonce tells apart two starts in the same millisecond and, because the
 * order is total, every subscriber agrees on which of them is newer. The order relies on the origin host's
 * wall clock: a restart after the clock was stepped back looks older than the run before it, and its
 * messages are treated as late until the clock passes the old start time.
 *
 * @param startedAtMillis when the process started, in epoch milliseconds; not negative
 * @param nonce           a random value chosen at start
 */
public record Incarnation(long startedAtMillis, int nonce) implements Comparable<Incarnation> {

    private static final int NONCE_DIGITS = 8;
    private static final int MAX_MILLIS_DIGITS = 19;

    /**
     * Validates the start time.
     *
     * @throws IllegalArgumentException if {@code startedAtMillis} is negative
     */
    public Incarnation {
        if (startedAtMillis < 0) {
            throw new IllegalArgumentException("startedAtMillis must not be negative: " + startedAtMillis);
        }
    }

    /**
     * Chooses the incarnation of a process starting now.
     *
     * @param clock  the wall clock
     * @param random the source of the nonce
     * @return a new incarnation
     */
    public static Incarnation start(Clock clock, RandomGenerator random) {
        return new Incarnation(clock.millis(), random.nextInt());
    }

    /**
     * Parses the wire form.
     *
     * @param text the property value
     * @return the incarnation, or empty if {@code text} is not in the wire form
     */
    public static Optional<Incarnation> parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 1 || dash > MAX_MILLIS_DIGITS || text.length() - dash - 1 != NONCE_DIGITS) {
            return Optional.empty();
        }
        long millis = 0;
        for (int i = 0; i < dash; i++) {
            int digit = Character.digit(text.charAt(i), 10);
            if (digit < 0 || millis > (Long.MAX_VALUE - digit) / 10) {
                return Optional.empty();
            }
            millis = millis * 10 + digit;
        }
        int nonce = 0;
        for (int i = dash + 1; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return Optional.empty();
            }
            nonce = (nonce << 4) | digit;
        }
        return Optional.of(new Incarnation(millis, nonce));
    }

    /**
     * Tells whether this incarnation started after another.
     *
     * @param other the incarnation to compare with
     * @return true if this one is newer
     */
    public boolean isNewerThan(Incarnation other) {
        return compareTo(other) > 0;
    }

    /** Orders by start time, then by nonce as an unsigned number. */
    @Override
    public int compareTo(Incarnation other) {
        int byStart = Long.compare(startedAtMillis, other.startedAtMillis);
        return byStart != 0 ? byStart : Integer.compareUnsigned(nonce, other.nonce);
    }

    /** Returns the wire form. */
    @Override
    public String toString() {
        String hex = Integer.toHexString(nonce);
        return startedAtMillis + "-" + "0".repeat(NONCE_DIGITS - hex.length()) + hex;
    }
}
