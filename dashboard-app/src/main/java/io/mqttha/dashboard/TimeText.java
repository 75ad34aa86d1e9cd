package io.mqttha.dashboard;

import java.time.Duration;
import java.util.Locale;

/** Durations as the dashboard writes them for people. */
public final class TimeText {

    private TimeText() {
    }

    /**
     * Formats a duration: tenths of a second below a minute, whole seconds above.
     *
     * @param duration the duration
     * @return for example {@code 1.4 s} or {@code 2 min 5 s}
     */
    public static String seconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
}
