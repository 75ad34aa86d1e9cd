package io.mqttha.client.internal.continuity;

import io.mqttha.client.OutboundMessage;
import io.mqttha.client.internal.continuity.RetainedVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An origin's newest value of each retained topic it wrote, and the decision to re-publish it when a broker
 * holds an older one or none: the brokers do not keep retained messages consistent across bridges, so the
 * writer converges them.
 *
 * <p>A broker's copy is seen either live (a rejoining node re-sends its stale copies through the bridges) or
 * when the origin re-subscribes after connecting, inside a {@linkplain #beginResync() resync round} that also
 * finds topics the broker holds nothing for. A copy without a version was written by a plain client and is
 * left alone; a newer version from another writer means this origin no longer owns the topic. Thread-safe.
 */
public final class OriginRetainedState {

    private record Held(RetainedVersion version, OutboundMessage message) {
    }

    private final Map<String, Held> held = new HashMap<>();
    private Set<String> unseenInRound;

    /**
     * Records a retained value this origin just published; an empty payload records a clear.
     *
     * @param topic   its topic
     * @param version its version
     * @param message the message as published, continuity properties included
     */
    public synchronized void record(String topic, RetainedVersion version, OutboundMessage message) {
        held.put(topic, new Held(version, message));
    }

    /**
     * Decides what to do about a broker's copy of a retained topic.
     *
     * @param topic    the topic
     * @param observed the copy's version, or empty if it carries none
     * @return this origin's newest message to re-publish, if the copy is older than it
     */
    public synchronized Optional<OutboundMessage> onObserved(String topic, Optional<RetainedVersion> observed) {
        if (unseenInRound != null) {
            unseenInRound.remove(topic);
        }
        Held mine = held.get(topic);
        if (mine == null || observed.isEmpty() || observed.get().equals(mine.version())) {
            return Optional.empty();
        }
        if (observed.get().isNewerThan(mine.version())) {
            held.remove(topic);
            return Optional.empty();
        }
        return Optional.of(mine.message());
    }

    /**
     * Returns this origin's newest value of {@code topic}.
     *
     * @param topic a retained topic
     * @return the message as published, empty when this origin holds none for the topic
     */
    public synchronized Optional<OutboundMessage> newest(String topic) {
        Held mine = held.get(topic);
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
                Held mine = held.get(topic);
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
