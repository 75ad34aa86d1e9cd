package io.mqttha.client.internal.continuity;

import io.mqttha.brokers.testing.MutableClock;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DELIVER;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DELIVER_DUPLICATE;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DELIVER_INVALID;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DELIVER_LATE;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DELIVER_REORDERED;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DELIVER_REPAIRED;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DELIVER_UNTRACKED;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DROP_DUPLICATE;
import static io.mqttha.client.internal.continuity.ContinuityDecision.DROP_STALE_RETAINED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.InboundMessage;
import io.mqttha.client.Qos;
import io.mqttha.client.UserProperty;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.InvalidReason;
import io.mqttha.client.continuity.StreamKey;
import io.mqttha.client.continuity.StreamStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class ContinuityTrackerTest {

    private static final String ORIGIN = "publisher-1";
    private static final String TOPIC = "sensors/temperature";
    private static final StreamKey STREAM = new StreamKey(ORIGIN, TOPIC);
    private static final Incarnation OLDEST = new Incarnation(50_000, 9);
    private static final Incarnation FIRST_RUN = new Incarnation(100_000, 1);
    private static final Incarnation SECOND_RUN = new Incarnation(200_000, 2);

    private final MutableClock clock = new MutableClock(1_000_000);
    private ContinuityTracker tracker = tracker(b -> b);

    private ContinuityTracker tracker(UnaryOperator<ContinuityConfig.Builder> settings) {
        return new ContinuityTracker("subscriber-1", settings.apply(ContinuityConfig.builder()).build(), clock);
    }

    private ContinuityDecision receive(long sequence) {
        return receive(FIRST_RUN, sequence);
    }

    private ContinuityDecision receive(Incarnation incarnation, long sequence) {
        return tracker.onMessage(TOPIC, properties(incarnation, sequence, clock.millis(), false), 1);
    }

    private static List<UserProperty> properties(Incarnation incarnation, long sequence, long sentAt,
            boolean retained) {
        return ContinuityHeaders.toProperties(new ContinuityMetadata(ORIGIN, incarnation, sequence, sentAt,
                retained));
    }

    private List<ContinuityDecision> receiveAll(long... sequences) {
        List<ContinuityDecision> decisions = new ArrayList<>();
        for (long sequence : sequences) {
            decisions.add(receive(sequence));
        }
        return decisions;
    }

    private StreamStats stats() {
        return tracker.snapshot().stream(STREAM);
    }

    private static long[] range(long fromInclusive, long toInclusive) {
        long[] values = new long[(int) (toInclusive - fromInclusive + 1)];
        for (int i = 0; i < values.length; i++) {
            values[i] = fromInclusive + i;
        }
        return values;
    }

    @Test
    void inOrderStreamIsDeliveredWithNothingElseCounted() {
        assertThat(receiveAll(range(1, 100))).containsOnly(DELIVER);

        StreamStats stats = stats();
        assertThat(stats.delivered()).isEqualTo(100);
        assertThat(stats.lost()).isZero();
        assertThat(stats.duplicates()).isZero();
        assertThat(stats.reordered()).isZero();
        assertThat(stats.repaired()).isZero();
        assertThat(stats.invalid()).isZero();
        assertThat(stats.lastSequence()).isEqualTo(100);
        assertThat(stats.incarnation()).isEqualTo(FIRST_RUN);
    }

    @Test
    void firstMessageSeenSetsTheBaselineWithoutLoss() {
        assertThat(receiveAll(50, 51, 52)).containsOnly(DELIVER);

        assertThat(stats().lost()).isZero();
        assertThat(stats().delivered()).isEqualTo(3);
    }

    @Test
    void gapFilledBeforeAnyRequestCountsAsReordered() {
        assertThat(receiveAll(1, 2, 5)).containsExactly(DELIVER, DELIVER, DELIVER);
        assertThat(stats().lost()).isEqualTo(2);

        assertThat(receive(3)).isEqualTo(DELIVER_REORDERED);
        assertThat(stats().lost()).isEqualTo(1);
        assertThat(receive(4)).isEqualTo(DELIVER_REORDERED);

        StreamStats stats = stats();
        assertThat(stats.lost()).isZero();
        assertThat(stats.reordered()).isEqualTo(2);
        assertThat(stats.repaired()).isZero();
        assertThat(stats.delivered()).isEqualTo(5);
    }

    @Test
    void gapFilledAfterItsRequestCountsAsRepaired() {
        receiveAll(1, 4);

        assertThat(tracker.gapsToRequest()).as("asked for as soon as message 4 shows it").containsExactly(new RepairRequest("subscriber-1", STREAM, FIRST_RUN,
                new SequenceRange(2, 2)));
        assertThat(tracker.gapsToRequest()).as("not requested again before the retry interval").isEmpty();

        assertThat(receiveAll(2, 3)).containsExactly(DELIVER_REPAIRED, DELIVER_REPAIRED);
        StreamStats stats = stats();
        assertThat(stats.repaired()).isEqualTo(2);
        assertThat(stats.reordered()).isZero();
        assertThat(stats.lost()).isZero();
        assertThat(stats.delivered()).isEqualTo(4);
        clock.advance(Duration.ofMinutes(1));
        assertThat(tracker.gapsToRequest()).isEmpty();
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        assertThat(receiveAll(1, 2, 2, 1, 3, 3)).containsExactly(DELIVER, DELIVER, DROP_DUPLICATE, DROP_DUPLICATE,
                DELIVER, DROP_DUPLICATE);

        StreamStats stats = stats();
        assertThat(stats.delivered()).isEqualTo(3);
        assertThat(stats.duplicates()).isEqualTo(3);
        assertThat(stats.lost()).isZero();
    }

    @Test
    void acceptedMessagesCarryTheirOriginSequenceAndSendTimeAndDuplicatesAreNotHandedOn() {
        InboundMessage received = new InboundMessage(TOPIC, new byte[] {1}, Qos.AT_LEAST_ONCE, false,
                properties(FIRST_RUN, 7, 123_456, false), BrokerAddress.parse("127.0.0.1:1883"), clock.instant());

        InboundMessage delivered = tracker.accept(received, TOPIC).orElseThrow();

        assertThat(delivered.origin()).contains(ORIGIN);
        assertThat(delivered.sequence()).hasValue(7);
        assertThat(delivered.sentAt()).contains(Instant.ofEpochMilli(123_456));
        assertThat(delivered.topic()).isEqualTo(TOPIC);
        assertThat(tracker.accept(received, TOPIC)).isEmpty();
        InboundMessage replayed = tracker.accept(new InboundMessage("replay/inbox", new byte[] {1},
                Qos.AT_LEAST_ONCE, false, properties(FIRST_RUN, 8, 123_457, false),
                BrokerAddress.parse("127.0.0.1:1883"), clock.instant()), TOPIC).orElseThrow();
        assertThat(replayed.topic()).isEqualTo(TOPIC);
        assertThat(replayed.sequence()).hasValue(8);
    }

    @Test
    void aMessageThatFillsARequestedGapIsMarkedRepairedAndALiveOneIsNot() {
        BrokerAddress node = BrokerAddress.parse("127.0.0.1:1883");
        InboundMessage live = tracker.accept(new InboundMessage(TOPIC, new byte[] {1}, Qos.AT_LEAST_ONCE, false,
                properties(FIRST_RUN, 1, clock.millis(), false), node, clock.instant()), TOPIC).orElseThrow();
        tracker.accept(new InboundMessage(TOPIC, new byte[] {3}, Qos.AT_LEAST_ONCE, false,
                properties(FIRST_RUN, 3, clock.millis(), false), node, clock.instant()), TOPIC);
        assertThat(tracker.gapsToRequest()).hasSize(1);

        InboundMessage repaired = tracker.accept(new InboundMessage(TOPIC, new byte[] {2}, Qos.AT_LEAST_ONCE, false,
                properties(FIRST_RUN, 2, clock.millis(), false), node, clock.instant()), TOPIC).orElseThrow();

        assertThat(live.repaired()).isFalse();
        assertThat(repaired.repaired()).isTrue();
        assertThat(repaired.sequence()).hasValue(2);
    }

    @Test
    void messagesWithoutMetadataAreHandedOnWithoutOrigin() {
        InboundMessage plain = new InboundMessage(TOPIC, new byte[0], Qos.AT_MOST_ONCE, false, List.of(),
                BrokerAddress.parse("127.0.0.1:1883"), clock.instant());

        InboundMessage delivered = tracker.accept(plain, TOPIC).orElseThrow();

        assertThat(delivered.origin()).isEmpty();
        assertThat(delivered.sequence()).isEmpty();
        assertThat(delivered.sentAt()).isEmpty();
    }

    @Test
    void duplicatesReachTheApplicationWhenConfigured() {
        tracker = tracker(b -> b.dropDuplicates(false));

        assertThat(receiveAll(1, 1)).containsExactly(DELIVER, DELIVER_DUPLICATE);
        assertThat(stats().duplicates()).isEqualTo(1);
        assertThat(stats().delivered()).isEqualTo(1);
    }

    @Test
    void reorderedMessagesAreDeliveredOnceEach() {
        assertThat(receiveAll(1, 3, 2, 5, 4, 4)).containsExactly(DELIVER, DELIVER, DELIVER_REORDERED, DELIVER,
                DELIVER_REORDERED, DROP_DUPLICATE);

        StreamStats stats = stats();
        assertThat(stats.delivered()).isEqualTo(5);
        assertThat(stats.reordered()).isEqualTo(2);
        assertThat(stats.duplicates()).isEqualTo(1);
        assertThat(stats.lost()).isZero();
    }

    @Test
    void newIncarnationIsARestartNotAGap() {
        receiveAll(1, 2, 3);

        assertThat(receive(SECOND_RUN, 1)).isEqualTo(DELIVER);
        assertThat(receive(SECOND_RUN, 2)).isEqualTo(DELIVER);

        StreamStats stats = stats();
        assertThat(stats.restarts()).isEqualTo(1);
        assertThat(stats.lost()).isZero();
        assertThat(stats.delivered()).isEqualTo(5);
        assertThat(stats.incarnation()).isEqualTo(SECOND_RUN);
        assertThat(stats.lastSequence()).isEqualTo(2);
    }

    @Test
    void missingFirstMessagesOfANewIncarnationAreAGapOfThatIncarnation() {
        receiveAll(1, 2, 3);

        assertThat(receive(SECOND_RUN, 3)).isEqualTo(DELIVER);
        assertThat(stats().lost()).isEqualTo(2);

        clock.advance(ContinuityConfig.DEFAULT_REPAIR_DELAY);
        assertThat(tracker.gapsToRequest()).containsExactly(new RepairRequest("subscriber-1", STREAM, SECOND_RUN,
                new SequenceRange(1, 2)));
    }

    @Test
    void restartGivesUpOldGapsButKeepsThemCountedUntilACopyArrives() {
        receiveAll(1, 3);
        receive(SECOND_RUN, 1);
        assertThat(stats().lost()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(tracker.gapsToRequest()).as("the old process cannot re-send").isEmpty();
        assertThat(stats().lost()).isEqualTo(1);

        assertThat(receive(FIRST_RUN, 2)).isEqualTo(DELIVER_REORDERED);
        assertThat(stats().lost()).isZero();
    }

    @Test
    void lateMessagesOfThePreviousIncarnationAreStillDeduplicatedAndOlderOnesDeliveredAsLate() {
        receiveAll(1, 2);
        receive(SECOND_RUN, 1);

        assertThat(receive(FIRST_RUN, 2)).isEqualTo(DROP_DUPLICATE);
        assertThat(receive(FIRST_RUN, 3)).isEqualTo(DELIVER);
        assertThat(receive(OLDEST, 7)).isEqualTo(DELIVER_LATE);
        assertThat(receive(OLDEST, 7)).isEqualTo(DELIVER_LATE);

        StreamStats stats = stats();
        assertThat(stats.late()).isEqualTo(2);
        assertThat(stats.duplicates()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(6);
        assertThat(stats.lost()).isZero();
        assertThat(stats.incarnation()).isEqualTo(SECOND_RUN);
        assertThat(stats.lastSequence()).isEqualTo(1);
    }

    @Test
    void sequenceWrapsFromMaxToZeroWithoutLoss() {
        long max = SequenceNumbers.MAX;

        assertThat(receiveAll(max - 1, max, 0, 1)).containsOnly(DELIVER);
        assertThat(receive(max)).isEqualTo(DROP_DUPLICATE);

        StreamStats stats = stats();
        assertThat(stats.lost()).isZero();
        assertThat(stats.delivered()).isEqualTo(4);
        assertThat(stats.duplicates()).isEqualTo(1);
        assertThat(stats.lastSequence()).isEqualTo(1);
    }

    @Test
    void gapAcrossTheWrapIsRequestedAsOneRunAndFilled() {
        long max = SequenceNumbers.MAX;
        receiveAll(max - 1, 1);
        assertThat(stats().lost()).isEqualTo(2);

        clock.advance(ContinuityConfig.DEFAULT_REPAIR_DELAY);
        List<RepairRequest> requests = tracker.gapsToRequest();
        assertThat(requests).extracting(RepairRequest::missing).containsExactly(new SequenceRange(max, 2));

        assertThat(receiveAll(0, max)).containsExactly(DELIVER_REPAIRED, DELIVER_REPAIRED);
        assertThat(stats().lost()).isZero();
        assertThat(stats().repaired()).isEqualTo(2);
    }

    @Test
    void announcedTailThatNeverArrivesBecomesLostAfterTheGracePeriod() {
        receiveAll(range(1, 5));
        tracker.onAnnouncement(new Announcement(ORIGIN, FIRST_RUN, Map.of(TOPIC, 8L)));
        assertThat(stats().lost()).as("announcements may overtake the messages").isZero();

        clock.advance(ContinuityConfig.DEFAULT_TAIL_GRACE);
        StreamStats stats = stats();
        assertThat(stats.lost()).isEqualTo(3);
        assertThat(stats.lastSequence()).isEqualTo(8);
        assertThat(tracker.gapsToRequest()).extracting(RepairRequest::missing)
                .containsExactly(new SequenceRange(6, 3));

        assertThat(receiveAll(6, 7, 8)).containsOnly(DELIVER_REPAIRED);
        assertThat(receive(9)).isEqualTo(DELIVER);
        assertThat(stats().lost()).isZero();
        assertThat(stats().delivered()).isEqualTo(9);
    }

    @Test
    void announcedTailThatArrivesWithinTheGracePeriodIsNotALoss() {
        receiveAll(range(1, 5));
        tracker.onAnnouncement(new Announcement(ORIGIN, FIRST_RUN, Map.of(TOPIC, 7L)));

        assertThat(receiveAll(6, 7)).containsOnly(DELIVER);
        clock.advance(ContinuityConfig.DEFAULT_TAIL_GRACE);

        assertThat(stats().lost()).isZero();
        assertThat(stats().reordered()).isZero();
        assertThat(tracker.gapsToRequest()).isEmpty();
    }

    @Test
    void announcementOfANewIncarnationWhoseMessagesNeverArrivedIsARestartWithATailGap() {
        receiveAll(1, 2, 3);
        tracker.onAnnouncement(new Announcement(ORIGIN, SECOND_RUN, Map.of(TOPIC, 2L)));
        clock.advance(ContinuityConfig.DEFAULT_TAIL_GRACE);

        StreamStats stats = stats();
        assertThat(stats.restarts()).isEqualTo(1);
        assertThat(stats.incarnation()).isEqualTo(SECOND_RUN);
        assertThat(stats.lost()).isEqualTo(2);
    }

    @Test
    void announcementsForUnknownStreamsAreIgnored() {
        tracker.onAnnouncement(new Announcement(ORIGIN, FIRST_RUN, Map.of(TOPIC, 8L)));
        clock.advance(Duration.ofMinutes(1));

        assertThat(tracker.snapshot().streams()).isEmpty();
    }

    @Test
    void gapWhoseRepairTimesOutStaysCountedAsLost() {
        receiveAll(1, 4);
        List<Long> requestTimes = new ArrayList<>();
        long start = clock.millis();
        for (int i = 0; i < 20_000; i += 100) {
            if (!tracker.gapsToRequest().isEmpty()) {
                requestTimes.add(clock.millis() - start);
            }
            clock.advanceMillis(100);
        }

        assertThat(requestTimes).as("first at once, then doubling intervals").containsExactly(0L, 2_000L, 6_000L);
        assertThat(stats().lost()).isEqualTo(2);
        assertThat(stats().repaired()).isZero();

        assertThat(receive(2)).as("a copy arriving after all is still welcome").isEqualTo(DELIVER_REORDERED);
        assertThat(stats().lost()).isEqualTo(1);
    }

    @Test
    void gapTheOriginNoLongerHoldsIsGivenUpAndStaysLost() {
        receiveAll(1, 5);
        clock.advance(ContinuityConfig.DEFAULT_REPAIR_DELAY);
        assertThat(tracker.gapsToRequest()).hasSize(1);

        tracker.onRepairUnavailable(new RepairUnavailable(STREAM, FIRST_RUN, List.of(new SequenceRange(2, 2))));

        assertThat(stats().lost()).isEqualTo(3);
        clock.advance(ContinuityConfig.DEFAULT_REPAIR_RETRY_INTERVAL);
        assertThat(tracker.gapsToRequest()).extracting(RepairRequest::missing)
                .containsExactly(new SequenceRange(4, 1));
        assertThat(receive(4)).isEqualTo(DELIVER_REPAIRED);
        assertThat(stats().lost()).isEqualTo(2);
    }

    @Test
    void sequenceThatIsNotANumberIsInvalidButDelivered() {
        List<UserProperty> properties = List.of(new UserProperty(ContinuityHeaders.ORIGIN, ORIGIN),
                new UserProperty(ContinuityHeaders.INCARNATION, FIRST_RUN.toString()),
                new UserProperty(ContinuityHeaders.SEQUENCE, "seven"),
                new UserProperty(ContinuityHeaders.SENT_AT, "1000"));

        assertThat(tracker.onMessage(TOPIC, properties, 1)).isEqualTo(DELIVER_INVALID);

        ContinuitySnapshot snapshot = tracker.snapshot();
        assertThat(snapshot.invalidByReason()).containsEntry(InvalidReason.SEQUENCE_NOT_A_NUMBER, 1L);
        assertThat(snapshot.invalid()).isEqualTo(1);
        assertThat(snapshot.streams()).isEmpty();
    }

    @Test
    void enormousGapIsInvalidRatherThanAFloodOfLosses() {
        receive(1);

        assertThat(receive(1 + ContinuityConfig.DEFAULT_MAX_GAP + 1)).isEqualTo(DELIVER_INVALID);
        assertThat(receive(2)).isEqualTo(DELIVER);

        StreamStats stats = stats();
        assertThat(stats.lost()).isZero();
        assertThat(stats.invalid()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.lastSequence()).isEqualTo(2);
        assertThat(tracker.snapshot().invalidByReason()).containsEntry(InvalidReason.ENORMOUS_GAP, 1L);
    }

    @Test
    void largestAllowedGapIsStillCountedAsLost() {
        receive(1);

        assertThat(receive(1 + ContinuityConfig.DEFAULT_MAX_GAP)).isEqualTo(DELIVER);
        assertThat(stats().lost()).isEqualTo(ContinuityConfig.DEFAULT_MAX_GAP - 1);
    }

    @Test
    void streamThatReallyJumpedIsRebaselinedByTheSecondConsistentMessage() {
        receive(1);

        assertThat(receiveAll(500_000, 500_001, 500_002)).containsExactly(DELIVER_INVALID, DELIVER, DELIVER);

        StreamStats stats = stats();
        assertThat(stats.invalid()).isEqualTo(1);
        assertThat(stats.lost()).isZero();
        assertThat(stats.lastSequence()).isEqualTo(500_002);
        assertThat(stats.delivered()).isEqualTo(3);
    }

    @Test
    void sequenceGoingBackwardsBeyondTheWindowIsInvalidWithinItADuplicate() {
        tracker = tracker(b -> b.windowSize(64));
        receiveAll(range(1, 200));

        assertThat(receive(10)).as("behind the window, never known missing").isEqualTo(DELIVER_INVALID);
        assertThat(receive(150)).as("within the window, delivered before").isEqualTo(DROP_DUPLICATE);

        StreamStats stats = stats();
        assertThat(stats.invalid()).isEqualTo(1);
        assertThat(stats.duplicates()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(200);
        assertThat(tracker.snapshot().invalidByReason()).containsEntry(InvalidReason.SEQUENCE_BACKWARDS, 1L);
    }

    @Test
    void gapFarBehindTheWindowCanStillBeFilled() {
        tracker = tracker(b -> b.windowSize(64));
        receiveAll(1, 3);
        receiveAll(range(4, 300));

        assertThat(receive(2)).isEqualTo(DELIVER_REORDERED);
        assertThat(stats().lost()).isZero();
        assertThat(receive(2)).as("no longer known once outside window and gaps").isEqualTo(DELIVER_INVALID);
    }

    @Test
    void messagesWithoutPropertiesAreDeliveredUntracked() {
        assertThat(tracker.onMessage(TOPIC, List.of(), 1)).isEqualTo(DELIVER_UNTRACKED);
        assertThat(tracker.onMessage(TOPIC, List.of(new UserProperty("app", "x")), 1)).isEqualTo(DELIVER_UNTRACKED);

        ContinuitySnapshot snapshot = tracker.snapshot();
        assertThat(snapshot.untracked()).isEqualTo(2);
        assertThat(snapshot.streams()).isEmpty();
        assertThat(snapshot.invalid()).isZero();
    }

    @Test
    void latencyPercentilesComeFromSentAtAndTheClock() {
        for (int i = 0; i < 100; i++) {
            tracker.onMessage(TOPIC, properties(FIRST_RUN, i + 1, clock.millis() - i % 10, false), 1);
        }

        StreamStats stats = stats();
        assertThat(stats.latencyP50Millis()).isEqualTo(4);
        assertThat(stats.latencyP99Millis()).isEqualTo(9);
        assertThat(stats.latencySamples()).isEqualTo(100);
        assertThat(tracker.snapshot().latencyP50Millis()).isEqualTo(4);
    }

    @Test
    void aCopyFromTheBrokersRetainedStoreIsTrackedButAddsNoLatency() {
        BrokerAddress node = BrokerAddress.parse("127.0.0.1:1883");
        InboundMessage storedCopy = new InboundMessage(TOPIC, new byte[] {1}, Qos.AT_LEAST_ONCE, true,
                properties(FIRST_RUN, 1, clock.millis() - 60_000, true), node, clock.instant());

        assertThat(tracker.accept(storedCopy, TOPIC)).isPresent();
        tracker.accept(new InboundMessage(TOPIC, new byte[] {2}, Qos.AT_LEAST_ONCE, false,
                properties(FIRST_RUN, 2, clock.millis() - 3, true), node, clock.instant()), TOPIC);

        StreamStats stats = stats();
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.latencySamples()).as("only the live delivery").isEqualTo(1);
        assertThat(stats.latencyP99Millis()).as("the stored copy's age is not a latency").isEqualTo(3);
        assertThat(tracker.snapshot().latencyP99Millis()).isEqualTo(3);
    }

    @Test
    void deliveriesByRepairHaveALatencyOfTheirOwn() {
        long sentAt = clock.millis();
        receive(1);
        receive(3);
        assertThat(tracker.gapsToRequest()).hasSize(1);
        clock.advance(Duration.ofMillis(400));
        tracker.onMessage(TOPIC, properties(FIRST_RUN, 2, sentAt, false), 1);
        receive(4);

        StreamStats stats = stats();
        assertThat(stats.repaired()).isEqualTo(1);
        assertThat(stats.repairLatencySamples()).isEqualTo(1);
        assertThat(stats.repairLatencyP50Millis()).isEqualTo(400);
        assertThat(stats.latencySamples()).as("live deliveries only").isEqualTo(3);
        assertThat(stats.latencyP99Millis()).isZero();
        assertThat(tracker.snapshot().latencyP99Millis()).as("the snapshot's figure is live too").isZero();
    }

    @Test
    void withoutDeliveriesByRepairTheirLatencyIsUnknown() {
        receive(1);

        assertThat(stats().repairLatencyP50Millis()).isEqualTo(-1);
        assertThat(stats().repairLatencySamples()).isZero();
    }

    @Test
    void olderCopyOfARetainedValueIsDroppedBeforeStreamTracking() {
        long now = clock.millis();
        assertThat(tracker.onMessage(TOPIC, properties(FIRST_RUN, 5, now, true), 3)).isEqualTo(DELIVER);

        assertThat(tracker.onMessage(TOPIC, properties(FIRST_RUN, 3, now, true), 3)).isEqualTo(DROP_STALE_RETAINED);
        assertThat(tracker.onMessage(TOPIC, properties(FIRST_RUN, 5, now, true), 3)).isEqualTo(DROP_DUPLICATE);
        assertThat(tracker.onMessage(TOPIC, properties(SECOND_RUN, 1, now, true), 0)).isEqualTo(DELIVER);
        assertThat(tracker.onMessage(TOPIC, properties(FIRST_RUN, 6, now, true), 3))
                .as("a value from before the clear").isEqualTo(DROP_STALE_RETAINED);

        ContinuitySnapshot snapshot = tracker.snapshot();
        assertThat(snapshot.staleRetainedDropped()).isEqualTo(2);
        assertThat(snapshot.stream(STREAM).duplicates()).isEqualTo(1);
        assertThat(snapshot.stream(STREAM).delivered()).isEqualTo(2);
    }

    @Test
    void leastRecentlyActiveStreamIsForgottenBeyondTheLimit() {
        tracker = tracker(b -> b.maxStreams(2));
        List<UserProperty> properties = properties(FIRST_RUN, 1, clock.millis(), false);
        tracker.onMessage("a", properties, 1);
        clock.advanceMillis(1);
        tracker.onMessage("b", properties, 1);
        clock.advanceMillis(1);
        tracker.onMessage("a", properties(FIRST_RUN, 2, clock.millis(), false), 1);
        clock.advanceMillis(1);
        tracker.onMessage("c", properties, 1);

        ContinuitySnapshot snapshot = tracker.snapshot();
        assertThat(snapshot.evictedStreams()).isEqualTo(1);
        assertThat(snapshot.streams()).extracting(s -> s.stream().topic()).containsExactly("a", "c");
    }

    @Test
    void gapRecordsOverTheLimitAreGivenUpButStayLostUntilACopyArrives() {
        tracker = tracker(b -> b.maxGapRanges(2));
        receiveAll(1, 3, 5, 7);
        assertThat(stats().lost()).isEqualTo(3);

        clock.advance(ContinuityConfig.DEFAULT_REPAIR_DELAY);
        assertThat(tracker.gapsToRequest()).extracting(RepairRequest::missing)
                .containsExactly(new SequenceRange(4, 1), new SequenceRange(6, 1));

        assertThat(receive(2)).isEqualTo(DELIVER_REORDERED);
        assertThat(stats().lost()).isEqualTo(2);
    }

    @Test
    void rejectedControlMessagesAreCountedByReason() {
        tracker.countInvalid(InvalidReason.CONTROL_MESSAGE_MALFORMED);

        assertThat(tracker.snapshot().invalidByReason()).containsEntry(InvalidReason.CONTROL_MESSAGE_MALFORMED, 1L);
    }
}
