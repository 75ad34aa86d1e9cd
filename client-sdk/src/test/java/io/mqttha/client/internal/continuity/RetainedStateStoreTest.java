package io.mqttha.client.internal.continuity;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.internal.continuity.RetainedOffer;
import io.mqttha.client.internal.continuity.RetainedVersion;

import org.junit.jupiter.api.Test;

class RetainedStateStoreTest {

    private static final Incarnation FIRST_RUN = new Incarnation(100_000, 1);
    private static final Incarnation SECOND_RUN = new Incarnation(200_000, 2);

    private final RetainedStateStore store = new RetainedStateStore(10);

    @Test
    void newerVersionWinsAndOlderIsStale() {
        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 5), false)).isEqualTo(RetainedOffer.ACCEPT_NEWER);
        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 6), false)).isEqualTo(RetainedOffer.ACCEPT_NEWER);
        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 4), false)).isEqualTo(RetainedOffer.IGNORE_STALE);
        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 6), false)).isEqualTo(RetainedOffer.SAME);

        assertThat(store.newest("t")).contains(new RetainedStateStore.Newest(new RetainedVersion(FIRST_RUN, 6),
                false));
    }

    @Test
    void laterIncarnationWinsWhateverItsSequence() {
        store.offer("t", new RetainedVersion(FIRST_RUN, 900), false);

        assertThat(store.offer("t", new RetainedVersion(SECOND_RUN, 1), false)).isEqualTo(RetainedOffer.ACCEPT_NEWER);
        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 901), false))
                .isEqualTo(RetainedOffer.IGNORE_STALE);
    }

    @Test
    void clearedTopicIsATombstoneThatOutranksOlderValues() {
        store.offer("t", new RetainedVersion(FIRST_RUN, 1), false);
        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 2), true)).isEqualTo(RetainedOffer.ACCEPT_NEWER);

        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 1), false)).isEqualTo(RetainedOffer.IGNORE_STALE);
        assertThat(store.newest("t").orElseThrow().cleared()).isTrue();
        assertThat(store.offer("t", new RetainedVersion(FIRST_RUN, 3), false)).isEqualTo(RetainedOffer.ACCEPT_NEWER);
        assertThat(store.newest("t").orElseThrow().cleared()).isFalse();
    }

    @Test
    void topicsBeyondTheLimitAreAcceptedWithoutBeingRemembered() {
        RetainedStateStore small = new RetainedStateStore(1);
        small.offer("a", new RetainedVersion(FIRST_RUN, 1), false);

        assertThat(small.offer("b", new RetainedVersion(FIRST_RUN, 1), false)).isEqualTo(RetainedOffer.ACCEPT_NEWER);
        assertThat(small.offer("b", new RetainedVersion(FIRST_RUN, 1), false)).isEqualTo(RetainedOffer.ACCEPT_NEWER);
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.overflowed()).isEqualTo(2);
        assertThat(small.offer("a", new RetainedVersion(FIRST_RUN, 2), false)).isEqualTo(RetainedOffer.ACCEPT_NEWER);
    }
}
