package io.mqttha.client.internal.continuity;

/**
 * Arithmetic on continuity sequence numbers.
 *
 * <p>A sequence number is an unsigned 32-bit value, {@code 0} to {@value #MAX}, written in decimal. Each
 * (origin, topic) stream of one incarnation starts at {@link #FIRST} and counts up by one per message; after
 * {@link #MAX} it wraps to {@code 0}. Ordering is modular (RFC 1982 serial-number arithmetic): {@code b} is
 * after {@code a} when it is fewer than 2<sup>31</sup> steps ahead. Thirty-two bits keep the property short
 * and make the wrap an ordinary, tested event rather than a 64-bit corner nobody exercises; a stream of
 * 10,000 messages a second wraps after about five days.
 */
public final class SequenceNumbers {

    /** The sequence number of the first message of a stream in a new incarnation. */
    public static final long FIRST = 1;

    /** The largest sequence number; the one after it is {@code 0}. */
    public static final long MAX = 0xFFFF_FFFFL;

    /** Half the sequence space: the furthest apart two numbers can be and still be ordered. */
    public static final long HALF_RANGE = 1L << 31;

    private SequenceNumbers() {
    }

    /**
     * Tells whether a value is a sequence number.
     *
     * @param sequence the value
     * @return true if it lies in {@code [0, MAX]}
     */
    public static boolean isValid(long sequence) {
        return sequence >= 0 && sequence <= MAX;
    }

    /**
     * Returns the sequence number that follows another, wrapping after {@link #MAX}.
     *
     * @param sequence a valid sequence number
     * @return the next one
     */
    public static long next(long sequence) {
        return add(sequence, 1);
    }

    /**
     * Moves a sequence number forwards (or backwards, for a negative step), modulo 2<sup>32</sup>.
     *
     * @param sequence a valid sequence number
     * @param steps    how far to move
     * @return the resulting sequence number
     */
    public static long add(long sequence, long steps) {
        return (sequence + steps) & MAX;
    }

    /**
     * Returns how many steps {@code to} lies ahead of {@code from}, modulo 2<sup>32</sup>.
     *
     * @param from a valid sequence number
     * @param to   a valid sequence number
     * @return a value in {@code [-2^31, 2^31)}: positive when {@code to} is after {@code from}, negative
     *         when before, zero when equal
     */
    public static long distance(long from, long to) {
        long forward = (to - from) & MAX;
        return forward >= HALF_RANGE ? forward - (MAX + 1) : forward;
    }
}
