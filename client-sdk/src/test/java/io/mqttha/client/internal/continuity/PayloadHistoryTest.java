package io.mqttha.client.internal.continuity;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Without versions (MQTT 3.1.1), an origin tells a stale copy of its retained topic by the payloads it wrote. */
class PayloadHistoryTest {

    private static final String TOPIC = "plant/line-1/mode";

    private final OriginRetainedState<PayloadHistory, Long> state = OriginRetainedState.byPayload();

    private OutboundMessage write(String payload) {
        OutboundMessage message = OutboundMessage.builder(TOPIC).payload(payload).qos(Qos.AT_LEAST_ONCE).retain(true)
                .build();
        state.record(TOPIC, previous -> PayloadHistory.next(previous, message.payload()), message);
        return message;
    }

    private Optional<OutboundMessage> copyWith(String payload) {
        return state.onObserved(TOPIC, Optional.of(PayloadHistory.fingerprint(payload.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aCopyOfAnEarlierPayloadIsAnsweredWithTheNewest() {
        write("manual");
        OutboundMessage newest = write("auto");

        assertThat(copyWith("manual")).contains(newest);
        assertThat(copyWith("auto")).as("the newest value itself").isEmpty();
        assertThat(state.topics()).containsExactly(TOPIC);
    }

    @Test
    void aPayloadThisOriginNeverWroteIsAnotherWritersAndEndsOwnership() {
        write("manual");
        write("auto");

        assertThat(copyWith("maintenance")).isEmpty();
        assertThat(state.topics()).isEmpty();
        assertThat(copyWith("manual")).as("no longer this origin's topic").isEmpty();
    }

    @Test
    void aClearIsClearedAgainWhenAnEarlierValueReappears() {
        write("auto");
        OutboundMessage clear = write("");

        assertThat(copyWith("auto")).contains(clear);
    }

    @Test
    void writingTheSameValueAgainKeepsTheHistory() {
        write("manual");
        write("auto");
        write("auto");

        assertThat(copyWith("manual")).isPresent();
    }

    @Test
    void onlyTheLastSupersededPayloadsAreRemembered() {
        for (int value = 0; value <= PayloadHistory.SUPERSEDED_KEPT + 1; value++) {
            write("value-" + value);
        }
        PayloadHistory history = PayloadHistory.first("value-0".getBytes(StandardCharsets.UTF_8));
        for (int value = 1; value <= PayloadHistory.SUPERSEDED_KEPT + 1; value++) {
            history = PayloadHistory.next(history, ("value-" + value).getBytes(StandardCharsets.UTF_8));
        }

        assertThat(history.superseded()).hasSize(PayloadHistory.SUPERSEDED_KEPT);
        assertThat(history.wroteBefore(PayloadHistory.fingerprint("value-1".getBytes(StandardCharsets.UTF_8))))
                .as("the eighth before the newest").isTrue();
        assertThat(history.wroteBefore(PayloadHistory.fingerprint("value-0".getBytes(StandardCharsets.UTF_8))))
                .as("the ninth before the newest is forgotten").isFalse();
        assertThat(copyWith("value-1")).isPresent();
        assertThat(copyWith("value-0")).as("taken for another writer's value").isEmpty();
    }

    @Test
    void fingerprintsTellPayloadsApart() {
        assertThat(PayloadHistory.fingerprint(new byte[0])).isEqualTo(0xcbf29ce484222325L);
        assertThat(PayloadHistory.fingerprint("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(PayloadHistory.fingerprint("ab".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(PayloadHistory.fingerprint("ba".getBytes(StandardCharsets.UTF_8)));
    }
}
