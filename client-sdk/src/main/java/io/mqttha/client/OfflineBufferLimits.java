package io.mqttha.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounds of the buffer that holds every publish the client has not yet seen completed: messages waiting
 * for a node while none is reachable, and messages sent but not yet acknowledged. When a new publish would
 * exceed either bound, buffered QoS 0 messages are dropped oldest-first to make room; if that is not enough
 * a QoS 0 publish is itself dropped and a QoS 1/2 publish is refused with {@link BufferFullException}.
 *
 * @param maxMessages most messages held at once, positive
 * @param maxBytes    most bytes held at once (topic, payload and user properties, UTF-8), positive
 */
public record OfflineBufferLimits(int maxMessages, long maxBytes) {

    /** Default message bound: ten seconds of a 1,000 messages per second stream. */
    public static final int DEFAULT_MAX_MESSAGES = 10_000;
    /** Default byte bound: 16 MiB. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
    /** The limits made of the {@code DEFAULT_*} constants. */
    public static final OfflineBufferLimits DEFAULT = new OfflineBufferLimits(DEFAULT_MAX_MESSAGES, DEFAULT_MAX_BYTES);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException listing every bound that is not positive
     */
    public OfflineBufferLimits {
        List<String> problems = new ArrayList<>();
        if (maxMessages < 1) {
            problems.add("offline buffer maxMessages must be positive, not " + maxMessages);
        }
        if (maxBytes < 1) {
            problems.add("offline buffer maxBytes must be positive, not " + maxBytes);
        }
        ConfigProblems.throwIfAny("offline buffer limits", problems);
    }
}
