package io.mqttha.client.internal.continuity;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.Qos;
import io.mqttha.client.UserProperty;
import io.mqttha.client.internal.continuity.Announcement;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.internal.continuity.ContinuityHeaders;
import io.mqttha.client.internal.continuity.ControlMessages;
import io.mqttha.client.internal.continuity.ControlTopics;
import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.internal.continuity.RepairRequest;
import io.mqttha.client.internal.continuity.RepairUnavailable;
import io.mqttha.client.internal.continuity.RetainedVersion;
import io.mqttha.client.continuity.StreamKey;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The publishing side of message continuity for one client in one incarnation: stamps outgoing messages,
 * keeps them for re-sending, answers repair requests, builds announcements and converges retained topics.
 * Produces {@link OutboundMessage}s for the caller to publish; does no I/O itself. Thread-safe.
 */
public final class ContinuityOrigin {

    /** Rounds in which a stream is announced after its last message; one lost announcement is made up for. */
    static final int ANNOUNCE_ROUNDS = 3;
    /**
     * Streams in one announcement at most: a message of about 30 KB with topics of 40 characters, well within
     * the cluster's packet limit, and 100,000 streams changed at once announced in 200 messages a round.
     */
    static final int STREAMS_PER_ANNOUNCEMENT = 500;
    /** Topic characters in one announcement at most, so that long topics keep it within the packet limit too. */
    static final int TOPIC_CHARS_PER_ANNOUNCEMENT = 64 * 1024;

    /**
     * What to publish in answer to a repair request.
     *
     * @param replays     copies of the messages still held, addressed to the requester's replay topic
     * @param unavailable a notice to the requester's unavailable topic, if some messages are no longer held
     */
    public record RepairAnswer(List<OutboundMessage> replays, Optional<OutboundMessage> unavailable) {

        /** Copies the list. */
        public RepairAnswer {
            replays = List.copyOf(replays);
            Objects.requireNonNull(unavailable, "unavailable");
        }
    }

    private final String originId;
    private final Incarnation incarnation;
    private final ContinuityConfig config;
    private final Clock clock;
    private final SequenceGenerator sequences;
    private final ReplayBuffer replayBuffer;
    private final ContinuityHeaders.Encoder headers;
    private final OriginRetainedState<RetainedVersion, RetainedVersion> retained = OriginRetainedState.byVersion();
    private final Map<String, Announced> announced = new HashMap<>();

    /**
     * Creates the origin state of a client.
     *
     * @param originId    the client id, written into every message
     * @param incarnation this process's incarnation
     * @param config      buffer limits and announcement size
     * @param clock       the wall clock for sent-at and buffer ages
     */
    public ContinuityOrigin(String originId, Incarnation incarnation, ContinuityConfig config, Clock clock) {
        this(originId, incarnation, config, clock, new SequenceGenerator());
    }

    ContinuityOrigin(String originId, Incarnation incarnation, ContinuityConfig config, Clock clock,
            SequenceGenerator sequences) {
        this.originId = Objects.requireNonNull(originId, "originId");
        if (originId.isEmpty()) {
            throw new IllegalArgumentException("originId must not be empty");
        }
        this.incarnation = Objects.requireNonNull(incarnation, "incarnation");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sequences = sequences;
        this.headers = new ContinuityHeaders.Encoder(originId, incarnation);
        this.replayBuffer = new ReplayBuffer(config.replayMaxMessages(), config.replayMaxAge(), clock);
    }

    /**
     * Returns this origin's incarnation.
     *
     * @return the incarnation
     */
    public Incarnation incarnation() {
        return incarnation;
    }

    /**
     * Adds the continuity properties to an application message and keeps it for re-sending; publish the
     * returned message instead of the original. Properties of the application whose name starts with
     * {@link ContinuityHeaders#PREFIX} are replaced.
     *
     * @param message the application's message
     * @return the same message carrying origin, incarnation, sequence, sent-at and, if retained, version
     */
    public synchronized OutboundMessage stamp(OutboundMessage message) {
        long sequence = sequences.next(message.topic());
        List<UserProperty> properties = headers.stamp(message.userProperties(), sequence, clock.millis(),
                message.retain());
        OutboundMessage stamped = new OutboundMessage(message.topic(), message.payload(), message.qos(),
                message.retain(), properties);
        replayBuffer.add(message.topic(), sequence, stamped);
        if (message.retain()) {
            retained.record(message.topic(), new RetainedVersion(incarnation, sequence), stamped);
        }
        return stamped;
    }

    /**
     * Answers a repair request received on this origin's repair topic. A request for another incarnation
     * (one that died) gets an all-unavailable answer.
     *
     * @param request the decoded request
     * @return the copies and the unavailability notice to publish
     */
    public RepairAnswer answer(RepairRequest request) {
        String topic = request.stream().topic();
        ReplayBuffer.Answer found = request.incarnation().equals(incarnation)
                ? replayBuffer.find(topic, request.missing())
                : new ReplayBuffer.Answer(List.of(), List.of(request.missing()));
        String replayTopic = ControlTopics.replay(request.requester());
        List<OutboundMessage> replays = new ArrayList<>(found.messages().size());
        for (OutboundMessage original : found.messages()) {
            List<UserProperty> properties = new ArrayList<>(original.userProperties());
            properties.add(new UserProperty(ContinuityHeaders.REPLAY_TOPIC, topic));
            replays.add(new OutboundMessage(replayTopic, original.payload(), original.qos(), false, properties));
        }
        Optional<OutboundMessage> unavailable = found.unavailable().isEmpty() ? Optional.empty()
                : Optional.of(OutboundMessage.of(ControlTopics.unavailable(request.requester()),
                        ControlMessages.encode(new RepairUnavailable(new StreamKey(originId, topic),
                                request.incarnation(), found.unavailable())), Qos.AT_LEAST_ONCE, false));
        return new RepairAnswer(replays, unavailable);
    }

    /**
     * Builds the announcements to publish now: the streams due, grouped by {@link ControlTopics#announceGroup}, at
     * most {@value #STREAMS_PER_ANNOUNCEMENT} to a message, each message on its group's topic
     * ({@link ControlTopics#announce}); call it every {@link ContinuityConfig#announceInterval()}. A stream is due
     * in the {@value #ANNOUNCE_ROUNDS} rounds after its last message and then no more: that is where loss at the
     * end of a stream is found, and an origin whose streams are quiet costs nothing. At most once is enough: the
     * next round repeats an announcement.
     *
     * @return the messages, none while no stream has changed in the last rounds
     */
    public synchronized List<OutboundMessage> announcements() {
        Map<String, Map<String, Long>> dueByGroup = new LinkedHashMap<>();
        sequences.lastSequences().forEach((topic, sequence) -> {
            Announced previous = announced.get(topic);
            int round = previous == null || previous.sequence() != sequence ? 1 : previous.round() + 1;
            if (round <= ANNOUNCE_ROUNDS) {
                announced.put(topic, new Announced(sequence, round));
                dueByGroup.computeIfAbsent(ControlTopics.announceGroup(topic), group -> new LinkedHashMap<>()).put(topic, sequence);
            }
        });
        List<OutboundMessage> messages = new ArrayList<>();
        dueByGroup.forEach((group, due) -> {
            Map<String, Long> batch = new LinkedHashMap<>();
            int batchChars = 0;
            for (Map.Entry<String, Long> stream : due.entrySet()) {
                batch.put(stream.getKey(), stream.getValue());
                batchChars += stream.getKey().length();
                if (batch.size() == STREAMS_PER_ANNOUNCEMENT || batchChars >= TOPIC_CHARS_PER_ANNOUNCEMENT) {
                    messages.add(announcement(group, batch));
                    batch = new LinkedHashMap<>();
                    batchChars = 0;
                }
            }
            if (!batch.isEmpty()) {
                messages.add(announcement(group, batch));
            }
        });
        return messages;
    }

    private OutboundMessage announcement(String group, Map<String, Long> lastSequences) {
        return OutboundMessage.of(ControlTopics.announce(originId, group),
                ControlMessages.encode(new Announcement(originId, incarnation, lastSequences)), Qos.AT_MOST_ONCE, false);
    }

    /**
     * Returns the retained-topic state, for resync rounds after each new connection.
     *
     * @return the state of this origin's retained topics
     */
    public OriginRetainedState<RetainedVersion, RetainedVersion> retained() {
        return retained;
    }

    /** The last sequence number announced on a stream, and in how many rounds so far. */
    private record Announced(long sequence, int round) {
    }
}
