package io.mqttha.client.internal;

/** MQTT topic filter rules: the client routes inbound messages to subscriptions itself. */
final class TopicFilters {

    private static final String SHARED_PREFIX = "$share/";

    private TopicFilters() {
    }

    /**
     * Checks a filter against the MQTT rules for wildcards.
     *
     * @throws IllegalArgumentException naming the filter and the broken rule
     */
    static void validate(String filter) {
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("Topic filter must not be empty");
        }
        if (filter.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("Topic filter '" + filter + "' must not contain NUL");
        }
        String[] levels = matchable(filter).split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("Topic filter '" + filter + "': '#' must be a whole last level");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("Topic filter '" + filter + "': '+' must be a whole level");
            }
        }
    }

    /** Tells whether a topic name matches a (valid) filter. */
    static boolean matches(String filter, String topic) {
        String pattern = matchable(filter);
        // Wildcards at the first level must not match topics such as $SYS/... (MQTT 5, 4.7.2).
        if (topic.startsWith("$") && (pattern.startsWith("+") || pattern.startsWith("#"))) {
            return false;
        }
        // Level by level without splitting: this runs for every message and every wildcard filter.
        int f = 0;
        int t = 0;
        while (true) {
            int filterEnd = levelEnd(pattern, f);
            int topicEnd = levelEnd(topic, t);
            int filterLength = filterEnd - f;
            if (filterLength == 1 && pattern.charAt(f) == '#') {
                return true;
            }
            boolean anyLevel = filterLength == 1 && pattern.charAt(f) == '+';
            if (!anyLevel && (filterLength != topicEnd - t || !pattern.regionMatches(f, topic, t, filterLength))) {
                return false;
            }
            boolean filterDone = filterEnd == pattern.length();
            boolean topicDone = topicEnd == topic.length();
            if (filterDone || topicDone) {
                // "a/#" also matches "a": the parent level of a multi-level wildcard.
                return filterDone == topicDone || (topicDone && pattern.startsWith("#", filterEnd + 1)
                        && filterEnd + 2 == pattern.length());
            }
            f = filterEnd + 1;
            t = topicEnd + 1;
        }
    }

    private static int levelEnd(String text, int from) {
        int slash = text.indexOf('/', from);
        return slash < 0 ? text.length() : slash;
    }

    /** Whether a (valid) filter has a wildcard, so that only {@link #matches} can tell the topics it receives. */
    static boolean hasWildcard(String filter) {
        String pattern = matchable(filter);
        return pattern.indexOf('+') >= 0 || pattern.indexOf('#') >= 0;
    }

    /** A shared subscription {@code $share/group/filter} receives messages matching {@code filter}. */
    static String matchable(String filter) {
        if (filter.startsWith(SHARED_PREFIX)) {
            int slash = filter.indexOf('/', SHARED_PREFIX.length());
            if (slash < 0 || slash == SHARED_PREFIX.length() || slash == filter.length() - 1) {
                throw new IllegalArgumentException("Shared subscription '" + filter + "' must be $share/group/filter");
            }
            return filter.substring(slash + 1);
        }
        return filter;
    }
}
