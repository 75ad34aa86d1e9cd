package io.mqttha.client.internal.continuity;

/**
 * Topic names of the continuity control traffic.
 *
 * <p>All live under {@link #PREFIX}; topics starting with {@code $} are reserved for brokers and are not
 * bridged, so they cannot be used. A client id becomes one topic level with {@code %}, {@code /}, {@code +}
 * and {@code #} percent-encoded, so any client id is safe:
 * <ul>
 * <li>{@code mqtt-ha/control/<origin>/announce/<topic>}: an origin's {@link Announcement} of its stream on
 * {@code <topic>}, to the subscribers of that topic, who subscribe to {@link #announceFilter} of their own
 * filters: an announcement reaches only the clients that receive the stream, so a fleet of clients does not
 * hear every other client's announcements;</li>
 * <li>{@code mqtt-ha/control/<origin>/repair}: {@link RepairRequest}s to an origin;</li>
 * <li>{@code mqtt-ha/control/<requester>/replay}: re-sent messages, each with its original payload and
 * properties plus {@link ContinuityHeaders#REPLAY_TOPIC};</li>
 * <li>{@code mqtt-ha/control/<requester>/unavailable}: {@link RepairUnavailable} answers.</li>
 * </ul>
 * One subscription to {@link #inbox} receives everything addressed to a client, whether as origin or as
 * requester; announcement topics have more levels, so the inbox never matches them.
 */
public final class ControlTopics {

    /** The first two levels of every control topic. */
    public static final String PREFIX = "mqtt-ha/control/";

    private static final String ANNOUNCE = "/announce/";
    private static final String REPAIR = "/repair";
    private static final String REPLAY = "/replay";
    private static final String UNAVAILABLE = "/unavailable";

    private ControlTopics() {
    }

    /**
     * Returns the topic an origin announces its stream on {@code topic} on.
     *
     * @param origin the origin's client id
     * @param topic  the stream's topic
     * @return {@code mqtt-ha/control/<origin>/announce/<topic>}
     */
    public static String announce(String origin, String topic) {
        return PREFIX + level(origin) + ANNOUNCE + topic;
    }

    /**
     * Returns the filter that receives every origin's announcements of the streams {@code topicFilter} receives.
     *
     * @param topicFilter an application's filter
     * @return {@code mqtt-ha/control/+/announce/<topicFilter>}
     */
    public static String announceFilter(String topicFilter) {
        return PREFIX + "+" + ANNOUNCE + topicFilter;
    }

    /**
     * Returns the topic an origin receives repair requests on.
     *
     * @param origin the origin's client id
     * @return its repair topic
     */
    public static String repair(String origin) {
        return PREFIX + level(origin) + REPAIR;
    }

    /**
     * Returns the topic a requester receives re-sent messages on.
     *
     * @param requester the requester's client id
     * @return its replay topic
     */
    public static String replay(String requester) {
        return PREFIX + level(requester) + REPLAY;
    }

    /**
     * Returns the topic a requester receives unavailability answers on.
     *
     * @param requester the requester's client id
     * @return its unavailable topic
     */
    public static String unavailable(String requester) {
        return PREFIX + level(requester) + UNAVAILABLE;
    }

    /**
     * Returns the filter matching every control topic addressed to a client.
     *
     * @param clientId the client's id
     * @return {@code mqtt-ha/control/<clientId>/+}
     */
    public static String inbox(String clientId) {
        return PREFIX + level(clientId) + "/+";
    }

    /**
     * Tells whether a topic is continuity control traffic, which the application never sees.
     *
     * @param topic a topic name
     * @return true if it starts with {@link #PREFIX}
     */
    public static boolean isControlTopic(String topic) {
        return topic.startsWith(PREFIX);
    }

    /**
     * Encodes a client id as one topic level.
     *
     * @param clientId a non-empty client id
     * @return the id with {@code %}, {@code /}, {@code +} and {@code #} percent-encoded
     * @throws IllegalArgumentException if the id is empty
     */
    public static String level(String clientId) {
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("client id must not be empty");
        }
        StringBuilder level = new StringBuilder(clientId.length() + 8);
        for (int i = 0; i < clientId.length(); i++) {
            char c = clientId.charAt(i);
            switch (c) {
                case '%' -> level.append("%25");
                case '/' -> level.append("%2F");
                case '+' -> level.append("%2B");
                case '#' -> level.append("%23");
                default -> level.append(c);
            }
        }
        return level.toString();
    }
}
