package io.mqttha.client.internal;

import io.mqttha.client.internal.continuity.ControlTopics;
import org.junit.jupiter.api.Test;

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
    void anAnnouncementReachesTheSubscribersOfItsStreamOnlyAndNeverAnInbox() {
        String announcement = ControlTopics.announce("meter-7", "fleet/meter-7/reading");
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("fleet/meter-7/#"), announcement)).isTrue();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("fleet/+/reading"), announcement)).isTrue();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("#"), announcement)).isTrue();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("fleet/meter-8/#"), announcement)).isFalse();
        assertThat(TopicFilters.matches(ControlTopics.inbox("meter-7"), announcement)).isFalse();
        assertThat(TopicFilters.matches(ControlTopics.announceFilter("#"), ControlTopics.repair("meter-7")))
                .isFalse();
    }
}
