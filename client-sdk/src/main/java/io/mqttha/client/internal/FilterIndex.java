package io.mqttha.client.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the entries whose topic filter matches a topic without trying every filter: filters without wildcards
 * are looked up by the topic itself, and only the wildcard filters are matched one by one. A client watching
 * thousands of exact topics thus routes each message in constant time. Immutable; built again when the
 * filters change.
 *
 * @param <T> what is kept per filter
 */
final class FilterIndex<T> {

    private record Entry<T>(int order, T value) {
    }

    private final Map<String, List<Entry<T>>> exact = new HashMap<>();
    private final List<Entry<T>> wildcards = new ArrayList<>();
    private final Function<T, String> filterOf;

    /**
     * @param values   the entries, in the order in which matches are returned
     * @param filterOf each entry's (valid) topic filter
     */
    FilterIndex(List<T> values, Function<T, String> filterOf) {
        this.filterOf = filterOf;
        for (int i = 0; i < values.size(); i++) {
            T value = values.get(i);
            String filter = filterOf.apply(value);
            Entry<T> entry = new Entry<>(i, value);
            if (TopicFilters.hasWildcard(filter)) {
                wildcards.add(entry);
            } else {
                exact.computeIfAbsent(TopicFilters.matchable(filter), f -> new ArrayList<>(1)).add(entry);
            }
        }
    }

    /** An index without entries. */
    static <T> FilterIndex<T> empty() {
        return new FilterIndex<>(List.of(), value -> "");
    }

    /** The entries whose filter matches {@code topic}, in the order they were given. */
    List<T> matching(String topic) {
        List<Entry<T>> found = new ArrayList<>(exact.getOrDefault(topic, List.of()));
        boolean mixed = !found.isEmpty();
        for (Entry<T> entry : wildcards) {
            if (TopicFilters.matches(filterOf.apply(entry.value()), topic)) {
                found.add(entry);
            }
        }
        if (mixed && found.size() > 1) {
            found.sort(Comparator.comparingInt(Entry::order));
        }
        List<T> values = new ArrayList<>(found.size());
        found.forEach(entry -> values.add(entry.value()));
        return values;
    }
}
