package io.mqttha.client.internal.continuity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The filters through which an origin watches the brokers' copies of its retained topics, few whatever the
 * number of topics. A topic is first watched through its parent level ({@code parent/+}); once more than
 * {@link #MAX_FILTERS_UNDER_ONE_LEVEL} such filters sit under the same level, they give way to one
 * {@code level/#}, and so on upwards. Ten thousand topics side by side cost one subscription, and so do ten
 * thousand topics in groups of their own, while an origin with a few retained topics among busy live ones (a
 * publisher's state beside its telemetry) does not receive the live traffic. Copies of other topics under a
 * watch filter arrive too, and {@link OriginRetainedState#onObserved} leaves them alone. Thread-safe.
 */
public final class RetainedWatches {

    /** Filters under one level before they are replaced by one filter for the whole level. */
    public static final int MAX_FILTERS_UNDER_ONE_LEVEL = 16;

    /**
     * What to change in the subscriptions after a topic was added: subscribe to the new filter before
     * unsubscribing from those it replaces, so that no copy passes unwatched.
     *
     * @param subscribe   the filter to subscribe to, or null when the topic was watched already
     * @param unsubscribe the filters it replaces
     */
    public record Change(String subscribe, List<String> unsubscribe) {

        /** Copies the list. */
        public Change {
            unsubscribe = List.copyOf(unsubscribe);
        }

        static final Change NONE = new Change(null, List.of());
    }

    private final Set<String> filters = new LinkedHashSet<>();

    /**
     * Watches {@code topic}.
     *
     * @param topic a retained topic the origin published
     * @return the subscriptions to change
     */
    public synchronized Change add(String topic) {
        if (filters.stream().anyMatch(filter -> covers(filter, topic))) {
            return Change.NONE;
        }
        String filter = parentFilter(topic);
        List<String> replaced = new ArrayList<>();
        for (String level = parentLevel(filter); level != null; level = parentLevel(filter)) {
            List<String> siblings = under(level);
            if (siblings.size() < MAX_FILTERS_UNDER_ONE_LEVEL) {
                break;
            }
            siblings.forEach(filters::remove);
            replaced.addAll(siblings);
            filter = level + "/#";
        }
        filters.add(filter);
        return new Change(filter, replaced);
    }

    /** The filters watched now. */
    public synchronized Set<String> filters() {
        return Set.copyOf(filters);
    }

    /** Whether {@code filter} is one of the watch filters, so that a subscription to it serves the watch. */
    public synchronized boolean contains(String filter) {
        return filters.contains(filter);
    }

    /** Every watch filter below {@code level}. */
    private List<String> under(String level) {
        String prefix = level + "/";
        List<String> found = new ArrayList<>();
        for (String filter : filters) {
            if (filter.startsWith(prefix)) {
                found.add(filter);
            }
        }
        return found;
    }

    /** {@code parent/+} for a topic with a parent level, or the topic itself. */
    static String parentFilter(String topic) {
        int slash = topic.lastIndexOf('/');
        return slash < 0 ? topic : topic.substring(0, slash + 1) + "+";
    }

    /** The level a filter sits under, or null for a filter of one level. */
    private static String parentLevel(String filter) {
        String base = filter.endsWith("/+") || filter.endsWith("/#") ? filter.substring(0, filter.length() - 2) : filter;
        int slash = base.lastIndexOf('/');
        return slash < 0 ? null : base.substring(0, slash);
    }

    private static boolean covers(String filter, String topic) {
        if (filter.endsWith("/#")) {
            String level = filter.substring(0, filter.length() - 2);
            return topic.startsWith(level + "/");
        }
        if (filter.endsWith("/+")) {
            String level = filter.substring(0, filter.length() - 1);
            return topic.startsWith(level) && topic.indexOf('/', level.length()) < 0;
        }
        return filter.equals(topic);
    }
}
