package io.mqttha.client.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class FilterIndexTest {

    @Test
    void exactAndWildcardFiltersMatchAsTheRulesSayInTheOrderGiven() {
        List<String> filters = List.of("plant/+/temperature", "plant/line-1/temperature", "#", "plant/line-2/temperature",
                "$share/group/plant/line-1/temperature", "+/line-1/#");
        FilterIndex<String> index = new FilterIndex<>(filters, Function.identity());

        assertThat(index.matching("plant/line-1/temperature")).containsExactly("plant/+/temperature",
                "plant/line-1/temperature", "#", "$share/group/plant/line-1/temperature", "+/line-1/#");
        assertThat(index.matching("plant/line-2/temperature")).containsExactly("plant/+/temperature", "#",
                "plant/line-2/temperature");
        assertThat(index.matching("$SYS/broker/uptime")).isEmpty();
        assertThat(FilterIndex.<String>empty().matching("a")).isEmpty();
    }

    @Test
    void tenThousandExactFiltersEachFindTheirOwnTopic() {
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            filters.add("retained/topic-" + i);
        }
        FilterIndex<String> index = new FilterIndex<>(filters, Function.identity());

        for (int i = 0; i < 10_000; i += 997) {
            assertThat(index.matching("retained/topic-" + i)).containsExactly("retained/topic-" + i);
        }
        assertThat(index.matching("retained/topic-10000")).isEmpty();
    }
}
