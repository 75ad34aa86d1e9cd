package io.mqttha.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Background health probing: a short-lived connection (CONNECT, CONNACK, DISCONNECT) to every node each
 * {@code interval}, so that {@link HaMqttClient#nodeHealth()} knows every node and a returning or hung node is
 * noticed without waiting for the connection in use.
 *
 * @param enabled  whether the client probes at all
 * @param interval time between two probes of one node, positive
 * @param timeout  longest wait for a probe's CONNACK before the node counts as hung, positive
 */
public record HealthProbing(boolean enabled, Duration interval, Duration timeout) {

    /** Time between two probes of one node unless set. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** Longest wait for a probe's CONNACK unless set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** Probing on, with the default interval and timeout. */
    public static final HealthProbing DEFAULT = new HealthProbing(true, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException listing every problem
     */
    public HealthProbing {
        ConfigProblems.throwIfAny("health probing", problems(interval, timeout));
    }

    static List<String> problems(Duration interval, Duration timeout) {
        List<String> problems = new ArrayList<>();
        ConfigProblems.requirePositive(problems, "health probe interval", interval);
        ConfigProblems.requirePositive(problems, "health probe timeout", timeout);
        return problems;
    }
}
