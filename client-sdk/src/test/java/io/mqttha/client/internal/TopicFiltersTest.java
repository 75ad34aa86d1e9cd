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
    void agreesWithMatchingSplitLevelsOnRandomFiltersAndTopics() {
        java.util.Random random = new java.util.Random(15);
        String[] levels = {"a", "b", "", "ab"};
        for (int i = 0; i < 20_000; i++) {
            String topic = randomLevels(random, levels, false);
            String filter = randomLevels(random, levels, true);
            assertThat(TopicFilters.matches(filter, topic)).as("%s matches %s", filter, topic)
                    .isEqualTo(matchesBySplitting(filter, topic));
        }
    }

    private static String randomLevels(java.util.Random random, String[] levels, boolean wildcards) {
        int count = 1 + random.nextInt(4);
        StringBuilder text = new StringBuilder();
        for (int level = 0; level < count; level++) {
            if (level > 0) {
                text.append('/');
            }
            int pick = random.nextInt(wildcards ? levels.length + 2 : levels.length);
            if (pick == levels.length) {
                text.append('+');
            } else if (pick == levels.length + 1) {
                return text.append('#').toString();
            } else {
                text.append(levels[pick]);
            }
        }
        return text.toString();
    }

    /** The definition, level by level (what the matcher did before it stopped splitting strings). */
    private static boolean matchesBySplitting(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
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
