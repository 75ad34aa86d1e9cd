package io.mqttha.client.internal.continuity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An origin's retained topics are watched through few filters, whatever their number and layout. */
class RetainedWatchesTest {

    @Test
    void topicsSideBySideShareTheirParentsFilter() {
        RetainedWatches watches = new RetainedWatches();

        assertThat(watches.add("mqtt-ha/publisher-1/state")).isEqualTo(
                new RetainedWatches.Change("mqtt-ha/publisher-1/+", List.of()));
        assertThat(watches.add("mqtt-ha/publisher-1/status").subscribe()).isNull();
        assertThat(watches.add("state")).isEqualTo(new RetainedWatches.Change("state", List.of()));
        assertThat(watches.add("/state").subscribe()).isEqualTo("/+");
        assertThat(watches.filters()).containsExactlyInAnyOrder("mqtt-ha/publisher-1/+", "state", "/+");
    }

    @Test
    void tenThousandTopicsInGroupsOfTheirOwnEndUpUnderOneFilterThatReplacesTheGroupsFilters() {
        RetainedWatches watches = new RetainedWatches();
        List<String> subscribed = new ArrayList<>();
        List<String> unsubscribed = new ArrayList<>();
        for (int group = 0; group < 10_000; group++) {
            RetainedWatches.Change change = watches.add("bench/retained/" + group + "/0");
            if (change.subscribe() != null) {
                subscribed.add(change.subscribe());
            }
            unsubscribed.addAll(change.unsubscribe());
        }

        assertThat(watches.filters()).containsExactly("bench/retained/#");
        assertThat(subscribed).hasSize(RetainedWatches.MAX_FILTERS_UNDER_ONE_LEVEL + 1)
                .endsWith("bench/retained/#");
        assertThat(unsubscribed).containsExactlyInAnyOrderElementsOf(
                subscribed.subList(0, RetainedWatches.MAX_FILTERS_UNDER_ONE_LEVEL));
    }

    @Test
    void collapsingClimbsLevelByLevelAndCoversWhatWasBelow() {
        RetainedWatches watches = new RetainedWatches();
        for (int a = 0; a <= RetainedWatches.MAX_FILTERS_UNDER_ONE_LEVEL; a++) {
            for (int b = 0; b <= RetainedWatches.MAX_FILTERS_UNDER_ONE_LEVEL; b++) {
                watches.add("site/" + a + "/" + b + "/value");
            }
        }
        // Past the limit a level's filters give way to one: each site/a with 17 groups becomes site/a/#, and 17
        // of those become site/#.
        assertThat(watches.filters()).containsExactly("site/#");
        assertThat(watches.add("site/99/1/value").subscribe()).isNull();
        assertThat(watches.add("other/value").subscribe()).isEqualTo("other/+");
    }
}
