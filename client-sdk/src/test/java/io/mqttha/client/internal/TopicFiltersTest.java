package io.mqttha.client.internal;

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
}
