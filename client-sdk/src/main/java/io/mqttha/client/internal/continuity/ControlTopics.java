package io.mqttha.client.internal.continuity;

/**
 * Topic names of the continuity control traffic.
 *
 * <p>All live under {@link #PREFIX}; topics starting with {@code $} are reserved for brokers and are not
 * bridged, so they cannot be used. A client id becomes one topic level with {@code %}, {@code /}, {@code +}
 * and {@code #} percent-encoded, so any client id is safe:
 * <ul>
 * <li>{@code mqtt-ha/control/<origin>/announce/<group>}: an origin's {@link Announcement}s of its streams whose
 * topics begin with {@code <group>}, their first {@value #ANNOUNCE_GROUP_LEVELS} levels ({@link #announceGroup}),
 * to the subscribers of those topics, who subscribe to {@link #announceFilter} of their own filters. An
 * announcement reaches only the clients that receive streams of its group, so a fleet of clients does not hear
 * every other client's announcements, and an origin of 100,000 retained topics under one group announces them
 * in a few hundred messages, not one each;</li>
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

    /**
     * Topic levels that name a stream's announcement group. Every client must use the same number (it is
     * part of the wire format): origins announce on it, subscribers subscribe by it.
     */
    public static final int ANNOUNCE_GROUP_LEVELS = 3;

    private static final String ANNOUNCE = "/announce/";
    private static final String SHARED_PREFIX = "$share/";
    private static final String REPAIR = "/repair";
    private static final String REPLAY = "/replay";
    private static final String UNAVAILABLE = "/unavailable";

    private ControlTopics() {
    }

    /**
     * Returns the topic an origin announces its streams of one group on.
     *
     * @param origin the origin's client id
     * @param group  the streams' {@link #announceGroup}
     * @return {@code mqtt-ha/control/<origin>/announce/<group>}
     */
    public static String announce(String origin, String group) {
        return PREFIX + level(origin) + ANNOUNCE + group;
    }

    /**
     * Returns the announcement group of a stream's topic: its first {@value #ANNOUNCE_GROUP_LEVELS} levels, or
     * the whole topic when it has fewer.
     *
     * @param topic a stream's topic
     * @return the group
     */
    public static String announceGroup(String topic) {
        return firstLevels(topic);
    }

    /**
     * Returns the filter that receives every origin's announcements of the streams {@code topicFilter} receives,
     * with those of other streams of the same groups. Cut after {@value #ANNOUNCE_GROUP_LEVELS} levels, a filter
     * matches the group of every topic it matches: a shorter one is used whole, and a {@code #} is always last.
     *
     * @param topicFilter an application's filter
     * @return {@code mqtt-ha/control/+/announce/<topicFilter cut after the group's levels>}
     */
    public static String announceFilter(String topicFilter) {
        // A member of a shared subscription hears the announcements of the whole filter: it cannot know which
        // of the streams the broker will hand it, and it ignores those of streams it never received.
        String unshared = topicFilter.startsWith(SHARED_PREFIX)
                ? topicFilter.substring(topicFilter.indexOf('/', SHARED_PREFIX.length()) + 1) : topicFilter;
        return PREFIX + "+" + ANNOUNCE + firstLevels(unshared);
    }

    private static String firstLevels(String topicOrFilter) {
        int end = -1;
        for (int level = 0; level < ANNOUNCE_GROUP_LEVELS; level++) {
            end = topicOrFilter.indexOf('/', end + 1);
            if (end < 0) {
                return topicOrFilter;
            }
        }
        return topicOrFilter.substring(0, end);
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
