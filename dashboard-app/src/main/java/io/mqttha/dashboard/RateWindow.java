package io.mqttha.dashboard;

/**
 * Message counts of the last {@link #MAX_SECONDS} complete seconds, for rates over several windows
 * (1 s, 10 s, 60 s) at constant memory.
 */
public final class RateWindow {

    /** The longest window a rate can be asked for. */
    public static final int MAX_SECONDS = 60;

    private final long[] counts = new long[MAX_SECONDS];
    private int next;
    private int filled;

    /**
     * Records the count of a second that just ended.
     *
     * @param count messages in that second
     */
    public void closeSecond(long count) {
        counts[next] = count;
        next = (next + 1) % MAX_SECONDS;
        filled = Math.min(filled + 1, MAX_SECONDS);
    }

    /**
     * Messages per second over the last complete seconds; over fewer while fewer have passed, so a fresh
     * dashboard does not under-report.
     *
     * @param seconds the window, 1 … {@link #MAX_SECONDS}
     * @return the mean rate, 0 before the first complete second
     */
    public double perSecond(int seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("A rate window is 1 to " + MAX_SECONDS + " seconds, not " + seconds);
        }
        int window = Math.min(seconds, filled);
        if (window == 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 1; i <= window; i++) {
            sum += counts[(next - i + MAX_SECONDS) % MAX_SECONDS];
        }
        return (double) sum / window;
    }
}
