package io.mqttha.client.internal.continuity;

import io.mqttha.brokers.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;
import io.mqttha.client.UserProperty;
import io.mqttha.client.internal.continuity.Announcement;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.internal.continuity.ContinuityDecision;
import io.mqttha.client.internal.continuity.ContinuityHeaders;
import io.mqttha.client.internal.continuity.ContinuityMetadata;
import io.mqttha.client.internal.continuity.ControlMessages;
import io.mqttha.client.internal.continuity.ControlTopics;
import io.mqttha.client.internal.continuity.Decoded;
import io.mqttha.client.internal.continuity.HeaderParseResult;
import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.internal.continuity.RepairRequest;
import io.mqttha.client.internal.continuity.RepairUnavailable;
import io.mqttha.client.internal.continuity.SequenceNumbers;
import io.mqttha.client.internal.continuity.SequenceRange;
import io.mqttha.client.continuity.StreamKey;
import io.mqttha.client.continuity.StreamStats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ContinuityOriginTest {

    private static final Incarnation RUN = new Incarnation(100_000, 1);
    private static final Incarnation OTHER_RUN = new Incarnation(200_000, 2);
    private static final String TOPIC = "sensors/temperature";

    private final MutableClock clock = new MutableClock(1_000_000);

    private ContinuityOrigin origin(ContinuityConfig config) {
        return new ContinuityOrigin("publisher-1", RUN, config, clock);
    }

    private static OutboundMessage message(String topic, String payload, boolean retain) {
        return OutboundMessage.builder(topic).payload(payload).qos(Qos.AT_LEAST_ONCE).retain(retain)
                .userProperty("app", "kept").userProperty(ContinuityHeaders.SEQUENCE, "forged").build();
    }

    private static ContinuityMetadata metadata(OutboundMessage message) {
        return ((HeaderParseResult.Tracked) ContinuityHeaders.parse(message.userProperties())).metadata();
    }

    @Test
    void stampAddsOriginIncarnationSequenceAndSentAtAndKeepsTheApplicationsProperties() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());

        OutboundMessage first = origin.stamp(message(TOPIC, "20.5", false));
        OutboundMessage second = origin.stamp(message(TOPIC, "20.6", false));

        assertThat(first.payload()).isEqualTo("20.5".getBytes(StandardCharsets.UTF_8));
        assertThat(first.userProperties()).startsWith(new UserProperty("app", "kept"))
                .extracting(UserProperty::name).doesNotHaveDuplicates();
        assertThat(metadata(first)).isEqualTo(new ContinuityMetadata("publisher-1", RUN, 1, 1_000_000, false));
        assertThat(metadata(second).sequence()).isEqualTo(2);
    }

    @Test
    void retainedMessagesCarryAVersion() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());

        OutboundMessage stamped = origin.stamp(message("state/mode", "auto", true));

        assertThat(metadata(stamped).retained()).isTrue();
        assertThat(stamped.userProperties()).contains(new UserProperty(ContinuityHeaders.VERSION, RUN + ":1"));
    }

    @Test
    void streamsAreAnnouncedOnTheirGroupsTopicInTheRoundsAfterTheirLastMessageAndThenNoMore() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        assertThat(origin.announcements()).isEmpty();
        origin.stamp(message("a", "1", false));
        origin.stamp(message("a", "2", false));
        origin.stamp(message("b", "1", false));

        List<OutboundMessage> first = origin.announcements();

        assertThat(first).hasSize(2).allSatisfy(m -> assertThat(m.qos()).isEqualTo(Qos.AT_MOST_ONCE));
        assertThat(first).extracting(OutboundMessage::topic).containsExactlyInAnyOrder(
                ControlTopics.announce("publisher-1", "a"), ControlTopics.announce("publisher-1", "b"));
        Map<String, Long> announced = new HashMap<>();
        for (OutboundMessage m : first) {
            Announcement decoded = ((Decoded.Valid<Announcement>) ControlMessages.decodeAnnouncement(m.payload()))
                    .value();
            assertThat(decoded.incarnation()).isEqualTo(RUN);
            announced.putAll(decoded.lastSequences());
        }
        assertThat(announced).isEqualTo(Map.of("a", 2L, "b", 1L));

        for (int round = 2; round <= ContinuityOrigin.ANNOUNCE_ROUNDS; round++) {
            assertThat(origin.announcements()).hasSize(2);
        }
        assertThat(origin.announcements()).as("quiet streams are no longer announced").isEmpty();

        origin.stamp(message("b", "2", false));
        assertThat(origin.announcements()).extracting(OutboundMessage::topic)
                .containsExactly(ControlTopics.announce("publisher-1", "b"));
    }

    @Test
    void manyStreamsOfOneGroupShareFewAnnouncementsAndLongTopicsSplitThem() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        int streams = 2 * ContinuityOrigin.STREAMS_PER_ANNOUNCEMENT + 1;
        for (int i = 0; i < streams; i++) {
            origin.stamp(message("plant/line-1/machine/" + i, "v", false));
        }
        List<OutboundMessage> announcements = origin.announcements();
        assertThat(announcements).hasSize(3).extracting(OutboundMessage::topic)
                .containsOnly(ControlTopics.announce("publisher-1", "plant/line-1/machine"));
        Map<String, Long> announced = new HashMap<>();
        announcements.forEach(m -> announced.putAll(
                ((Decoded.Valid<Announcement>) ControlMessages.decodeAnnouncement(m.payload())).value().lastSequences()));
        assertThat(announced).hasSize(streams);

        ContinuityOrigin longTopics = origin(ContinuityConfig.defaults());
        String longLevel = "x".repeat(ContinuityOrigin.TOPIC_CHARS_PER_ANNOUNCEMENT / 4);
        for (int i = 0; i < 8; i++) {
            longTopics.stamp(message("plant/line-1/machine/" + i + longLevel, "v", false));
        }
        assertThat(longTopics.announcements()).as("about a quarter of the limit each").hasSize(2);
    }

    @Test
    void repairIsAnsweredOnTheRequestersReplayTopicAndMissingOnesAreDeclared() {
        ContinuityOrigin origin = origin(ContinuityConfig.builder().replayMaxMessages(3).build());
        for (int i = 1; i <= 5; i++) {
            origin.stamp(message(TOPIC, "v" + i, false));
        }

        ContinuityOrigin.RepairAnswer answer = origin.answer(new RepairRequest("sub/1", new StreamKey("publisher-1",
                TOPIC), RUN, new SequenceRange(2, 3)));

        assertThat(answer.replays()).hasSize(2).allSatisfy(m -> {
            assertThat(m.topic()).isEqualTo("mqtt-ha/control/sub%2F1/replay");
            assertThat(m.retain()).isFalse();
            assertThat(ContinuityHeaders.replayedTopic(m.userProperties())).contains(TOPIC);
        });
        assertThat(answer.replays()).extracting(m -> metadata(m).sequence()).containsExactly(3L, 4L);
        OutboundMessage notice = answer.unavailable().orElseThrow();
        assertThat(notice.topic()).isEqualTo("mqtt-ha/control/sub%2F1/unavailable");
        assertThat(ControlMessages.decodeRepairUnavailable(notice.payload())).isEqualTo(new Decoded.Valid<>(
                new RepairUnavailable(new StreamKey("publisher-1", TOPIC), RUN, List.of(new SequenceRange(2, 1)))));
    }

    @Test
    void requestForAnotherIncarnationIsEntirelyUnavailable() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        origin.stamp(message(TOPIC, "v1", false));

        ContinuityOrigin.RepairAnswer answer = origin.answer(new RepairRequest("sub", new StreamKey("publisher-1",
                TOPIC), OTHER_RUN, new SequenceRange(1, 1)));

        assertThat(answer.replays()).isEmpty();
        assertThat(answer.unavailable()).isPresent();
    }

    @Test
    void gapIsRepairedEndToEndThroughTheWireFormats() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        ContinuityTracker tracker = new ContinuityTracker("sub-1", ContinuityConfig.defaults(), clock);
        List<OutboundMessage> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(origin.stamp(message(TOPIC, "v" + i, false)));
        }
        for (int i : new int[] {0, 1, 4}) {
            tracker.onMessage(TOPIC, sent.get(i).userProperties(), sent.get(i).payloadSize());
        }

        clock.advance(ContinuityConfig.DEFAULT_REPAIR_DELAY);
        List<RepairRequest> requests = tracker.gapsToRequest();
        assertThat(requests).hasSize(1);
        byte[] wire = ControlMessages.encode(requests.get(0));
        RepairRequest received = ((Decoded.Valid<RepairRequest>) ControlMessages.decodeRepairRequest(wire)).value();
        ContinuityOrigin.RepairAnswer answer = origin.answer(received);

        List<ContinuityDecision> decisions = new ArrayList<>();
        for (OutboundMessage replay : answer.replays()) {
            String originalTopic = ContinuityHeaders.replayedTopic(replay.userProperties()).orElseThrow();
            decisions.add(tracker.onMessage(originalTopic, replay.userProperties(), replay.payloadSize()));
        }
        assertThat(decisions).containsExactly(ContinuityDecision.DELIVER_REPAIRED,
                ContinuityDecision.DELIVER_REPAIRED);
        assertThat(answer.unavailable()).isEmpty();
        StreamStats stats = tracker.snapshot().stream(new StreamKey("publisher-1", TOPIC));
        assertThat(stats.lost()).isZero();
        assertThat(stats.repaired()).isEqualTo(2);
        assertThat(stats.delivered()).isEqualTo(5);
    }

    @Test
    void gapOlderThanTheBufferIsReportedLostNotHidden() {
        ContinuityOrigin origin = origin(ContinuityConfig.builder().replayMaxMessages(2).build());
        ContinuityTracker tracker = new ContinuityTracker("sub-1", ContinuityConfig.defaults(), clock);
        List<OutboundMessage> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(origin.stamp(message(TOPIC, "v" + i, false)));
        }
        tracker.onMessage(TOPIC, sent.get(0).userProperties(), 2);
        tracker.onMessage(TOPIC, sent.get(4).userProperties(), 2);
        clock.advance(ContinuityConfig.DEFAULT_REPAIR_DELAY);

        ContinuityOrigin.RepairAnswer answer = origin.answer(tracker.gapsToRequest().get(0));
        for (OutboundMessage replay : answer.replays()) {
            tracker.onMessage(TOPIC, replay.userProperties(), replay.payloadSize());
        }
        Decoded<RepairUnavailable> notice = ControlMessages.decodeRepairUnavailable(
                answer.unavailable().orElseThrow().payload());
        tracker.onRepairUnavailable(((Decoded.Valid<RepairUnavailable>) notice).value());

        StreamStats stats = tracker.snapshot().stream(new StreamKey("publisher-1", TOPIC));
        assertThat(stats.repaired()).isEqualTo(1);
        assertThat(stats.lost()).isEqualTo(2);
        clock.advance(ContinuityConfig.DEFAULT_REPAIR_RETRY_INTERVAL.multipliedBy(100));
        assertThat(tracker.gapsToRequest()).isEmpty();
        assertThat(tracker.snapshot().stream(new StreamKey("publisher-1", TOPIC)).lost()).isEqualTo(2);
    }

    @Test
    void olderCopyOfOwnRetainedTopicIsAnsweredWithTheNewestValue() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        OutboundMessage old = origin.stamp(message("state/mode", "manual", true));
        OutboundMessage newest = origin.stamp(message("state/mode", "auto", true));

        assertThat(observed(origin, "state/mode", old.userProperties())).contains(newest);
        assertThat(observed(origin, "state/mode", newest.userProperties())).isEmpty();
        assertThat(observed(origin, "state/mode", List.of())).as("a plain client's value is left alone")
                .isEmpty();
    }

    @Test
    void clearedTopicIsClearedAgainWhenAStaleValueReappears() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        OutboundMessage value = origin.stamp(message("state/mode", "auto", true));
        OutboundMessage clear = origin.stamp(message("state/mode", "", true));

        assertThat(observed(origin, "state/mode", value.userProperties())).contains(clear);
    }

    @Test
    void newerValueFromAnotherWriterEndsOwnership() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        OutboundMessage mine = origin.stamp(message("state/mode", "auto", true));
        ContinuityOrigin other = new ContinuityOrigin("publisher-2", OTHER_RUN, ContinuityConfig.defaults(), clock);
        OutboundMessage theirs = other.stamp(message("state/mode", "manual", true));

        assertThat(observed(origin, "state/mode", theirs.userProperties())).isEmpty();
        assertThat(observed(origin, "state/mode", mine.userProperties())).isEmpty();
        assertThat(origin.retained().topics()).isEmpty();
    }

    @Test
    void resyncRepublishesTopicsTheBrokerHoldsNothingFor() {
        ContinuityOrigin origin = origin(ContinuityConfig.defaults());
        OutboundMessage held = origin.stamp(message("state/a", "1", true));
        OutboundMessage missing = origin.stamp(message("state/b", "1", true));
        origin.stamp(message("state/c", "", true));
        OutboundMessage staleSource = origin.stamp(message("state/d", "1", true));
        OutboundMessage newestD = origin.stamp(message("state/d", "2", true));

        origin.retained().beginResync();
        assertThat(observed(origin, "state/a", held.userProperties())).isEmpty();
        assertThat(observed(origin, "state/d", staleSource.userProperties())).contains(newestD);
        List<OutboundMessage> republish = origin.retained().finishResync();

        assertThat(republish).containsExactly(missing);
        assertThat(origin.retained().finishResync()).as("round is over").isEmpty();
    }

    /** What the origin does about a broker's copy that carries {@code properties}. */
    private static Optional<OutboundMessage> observed(ContinuityOrigin origin, String topic, List<UserProperty> properties) {
        return origin.retained().onObserved(topic, ContinuityHeaders.retainedVersion(properties));
    }

    @Test
    void stampWrapsTheSequenceAfterTheMaximum() {
        ContinuityOrigin origin = new ContinuityOrigin("publisher-1", RUN, ContinuityConfig.defaults(), clock,
                new SequenceGenerator(SequenceNumbers.MAX));
        ContinuityTracker tracker = new ContinuityTracker("sub-1", ContinuityConfig.defaults(), clock);

        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OutboundMessage stamped = origin.stamp(message(TOPIC, "v", false));
            sequences.add(metadata(stamped).sequence());
            assertThat(tracker.onMessage(TOPIC, stamped.userProperties(), 1)).isEqualTo(ContinuityDecision.DELIVER);
        }

        assertThat(sequences).containsExactly(SequenceNumbers.MAX, 0L, 1L);
        assertThat(tracker.snapshot().lost()).isZero();
    }
}
