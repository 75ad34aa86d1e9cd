package io.mqttha.client.internal;

import io.mqttha.client.internal.continuity.ControlTopics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFiltersTest {

    @Test
    void matchesWildcardsLevelByLevel() {
        assertThat(TopicFilters.matches("a/b", "a/b")).isTrue();
        assertThat(TopicFilters.matches("a/+", "a/b")).isTrue();
        assertThat(TopicFilters.matches("a/+", "a/b/c")).isFalse();
        assertThat(TopicFilters.matches("a/#", "a")).isTrue();
        assertThat(TopicFilters.matches("a/#", "a/b/c")).isTrue();
        assertThat(TopicFilters.matches("#", "anything/at/all")).isTrue();
        assertThat(TopicFilters.matches("+/+", "a/")).isTrue();
        assertThat(TopicFilters.matches("a/b", "a/b/c")).isFalse();
    }

    @Test
    void wildcardsAtTheFirstLevelSkipDollarTopics() {
        assertThat(TopicFilters.matches("#", "$SYS/broker/uptime")).isFalse();
        assertThat(TopicFilters.matches("$SYS/#", "$SYS/broker/uptime")).isTrue();
    }

    @Test
    void sharedSubscriptionsMatchTheirInnerFilter() {
        assertThat(TopicFilters.matches("$share/g/a/+", "a/b")).isTrue();
    }

    @Test
    void invalidFiltersAreRejectedByName() {
        assertThatThrownBy(() -> TopicFilters.validate("a/#/b")).hasMessageContaining("'a/#/b'");
        assertThatThrownBy(() -> TopicFilters.validate("a/b+")).hasMessageContaining("'a/b+'");
        assertThatThrownBy(() -> TopicFilters.validate("")).hasMessageContaining("empty");
    }

    @Test
    void anAnnouncementReachesTheSubscribersOfItsGroupOnlyAndNeverAnInbox() {
        String announcement = ControlTopics.announce("meter-7", ControlTopics.announceGroup("fleet/meter-7/reading"));
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("fleet/meter-7/#"), announcement)).isTrue();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("fleet/+/reading"), announcement)).isTrue();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("#"), announcement)).isTrue();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("$share/g/fleet/+/reading"), announcement)).isTrue();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("fleet/meter-8/#"), announcement)).isFalse();
        assertThat(TopicFilters.matches(ControlTopics.inbox("meter-7"), announcement)).isFalse();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("#"), ControlTopics.repair("meter-7")))
                .isFalse();
    }

    @Test
    void everyFilterHearsTheAnnouncementGroupOfEveryTopicItMatches() {
        List<String> topics = List.of("a", "a/b", "a/b/c", "a/b/c/d", "a/b/c/d/e", "a/x/c/d", "b/b/c", "a//c/d", "/a/b/c");
        List<String> filters = List.of("#", "+", "a", "a/#", "a/+", "a/b/#", "a/b/c/#", "a/+/c/d", "+/b/c", "a/b/c/d/#",
                "a/b/c/+/e", "+/+/+/+", "a//c/#", "/#", "$share/g/a/b/c/#");
        for (String filter : filters) {
            for (String topic : topics) {
                if (TopicFilters.matches(filter, topic)) {
                    assertThat(TopicFilters.matches(ControlTopics.announceFilter(filter),
                            ControlTopics.announce("o", ControlTopics.announceGroup(topic))))
                            .as("%s hears the announcements of %s", filter, topic).isTrue();
                }
            }
        }
    }
}
