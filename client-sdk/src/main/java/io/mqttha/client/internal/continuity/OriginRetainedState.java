package io.mqttha.client.internal.continuity;

import io.mqttha.client.OutboundMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An origin's newest value of each retained topic it wrote, and the decision to re-publish it when a broker
 * holds an older one or none: the brokers do not keep retained messages consistent across bridges, so the
 * writer converges them.
 *
 * <p>A broker's copy is seen either live (a rejoining node re-sends its stale copies through the bridges) or
 * when the origin re-subscribes after connecting, inside a {@linkplain #beginResync() resync round} that also
 * finds topics the broker holds nothing for. What tells a copy's age is the origin's mark of each topic: with
 * MQTT 5 the version it stamped ({@link #byVersion()}), with MQTT 3.1.1, which carries no versions, the
 * fingerprints of the payloads it wrote ({@link #byPayload()}). A copy that cannot be told (a plain client's,
 * without a version) is left alone; a copy written after this origin's value, by another writer, means this
 * origin no longer owns the topic. Thread-safe.
 *
 * @param <M> the mark this origin keeps for each topic
 * @param <O> what a broker's copy shows of its age
 */
public final class OriginRetainedState<M, O> {

    /** How a broker's copy compares with this origin's newest value of its topic. */
    public enum Age {
        /** The copy is this origin's newest value. */
        SAME,
        /** The copy is a value this origin wrote before its newest. */
        OLDER,
        /** The copy was written after this origin's newest value, by another writer. */
        NEWER
    }

    /** Tells a copy's age from this origin's mark of its topic. */
    @FunctionalInterface
    public interface Ages<M, O> {
        /**
         * Compares a copy with this origin's newest value.
         *
         * @param mine     this origin's mark of the topic
         * @param observed what the copy shows
         * @return its age
         */
        Age of(M mine, O observed);
    }

    private record Held<M>(M mark, OutboundMessage message) {
    }

    private final Ages<M, O> ages;
    private final Map<String, Held<M>> held = new HashMap<>();
    private Set<String> unseenInRound;

    private OriginRetainedState(Ages<M, O> ages) {
        this.ages = ages;
    }

    /**
     * The state of an MQTT 5 origin, which stamps every retained value with a version.
     *
     * @return an empty state whose copies are compared by version
     */
    public static OriginRetainedState<RetainedVersion, RetainedVersion> byVersion() {
        return new OriginRetainedState<>((mine, observed) -> observed.equals(mine) ? Age.SAME
                : observed.isNewerThan(mine) ? Age.NEWER : Age.OLDER);
    }

    /**
     * The state of an MQTT 3.1.1 origin, which cannot stamp a version: a copy is its newest value when the
     * payloads match, older when it matches one of the values it wrote before, another writer's otherwise.
     *
     * @return an empty state whose copies are compared by payload
     */
    public static OriginRetainedState<PayloadHistory, Long> byPayload() {
        return new OriginRetainedState<>((mine, observed) -> mine.current() == observed ? Age.SAME
                : mine.wroteBefore(observed) ? Age.OLDER : Age.NEWER);
    }

    /**
     * Records a retained value this origin just published; an empty payload records a clear.
     *
     * @param topic   its topic
     * @param mark    its mark
     * @param message the message as published, continuity properties included
     */
    public void record(String topic, M mark, OutboundMessage message) {
        record(topic, previous -> mark, message);
    }

    /**
     * Records a retained value this origin just published, with a mark derived from the topic's previous one.
     *
     * @param topic    its topic
     * @param nextMark the value's mark from the previous one, which is null when this origin holds none
     * @param message  the message as published
     */
    public synchronized void record(String topic, UnaryOperator<M> nextMark, OutboundMessage message) {
        Held<M> previous = held.get(topic);
        held.put(topic, new Held<>(nextMark.apply(previous == null ? null : previous.mark()), message));
    }

    /**
     * Decides what to do about a broker's copy of a retained topic.
     *
     * @param topic    the topic
     * @param observed what the copy shows of its age, or empty if it shows nothing
     * @return this origin's newest message to re-publish, if the copy is older than it
     */
    public synchronized Optional<OutboundMessage> onObserved(String topic, Optional<O> observed) {
        if (unseenInRound != null) {
            unseenInRound.remove(topic);
        }
        Held<M> mine = held.get(topic);
        if (mine == null || observed.isEmpty()) {
            return Optional.empty();
        }
        switch (ages.of(mine.mark(), observed.get())) {
            case OLDER:
                return Optional.of(mine.message());
            case NEWER:
                held.remove(topic);
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /**
     * Returns this origin's newest value of {@code topic}.
     *
     * @param topic a retained topic
     * @return the message as published, empty when this origin holds none for the topic
     */
    public synchronized Optional<OutboundMessage> newest(String topic) {
        Held<M> mine = held.get(topic);
        return mine == null ? Optional.empty() : Optional.of(mine.message());
    }

    /**
     * Starts a resync round: call right before subscribing to the retained topics on a new connection, pass
     * every copy received to {@link #onObserved}, then call {@link #finishResync()}.
     */
    public synchronized void beginResync() {
        unseenInRound = new HashSet<>(held.keySet());
    }

    /**
     * Ends the resync round.
     *
     * @return the values to re-publish because the broker held nothing for their topic; cleared topics are not
     *         among them, since a broker holding nothing is what a clear means
     */
    public synchronized List<OutboundMessage> finishResync() {
        List<OutboundMessage> republish = new ArrayList<>();
        if (unseenInRound != null) {
            for (String topic : unseenInRound) {
                Held<M> mine = held.get(topic);
                if (mine != null && mine.message().payloadSize() > 0) {
                    republish.add(mine.message());
                }
            }
            unseenInRound = null;
        }
        return republish;
    }

    /**
     * Returns the retained topics this origin owns, for subscribing to them.
     *
     * @return a copy of the topic names
     */
    public synchronized Set<String> topics() {
        return new HashSet<>(held.keySet());
    }
}
