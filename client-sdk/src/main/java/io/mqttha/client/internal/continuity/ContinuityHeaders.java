package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.InvalidReason;

import io.mqttha.client.UserProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MQTT 5 user properties that carry continuity metadata, and their codec.
 *
 * <p>A tracked message carries {@link #ORIGIN}, {@link #INCARNATION}, {@link #SEQUENCE} and {@link #SENT_AT};
 * a message published as a retained value also carries {@link #VERSION}. The payload is never touched, so
 * plain MQTT clients read the message as usual. A message with none of these properties is untracked; a
 * message with some but not all, or with unreadable values, is {@linkplain HeaderParseResult.Invalid invalid}
 * and is still delivered. When a property occurs more than once, the first occurrence counts.
 */
public final class ContinuityHeaders {

    /** Property holding the client id of the publisher. */
    public static final String ORIGIN = "mqttha-origin";

    /** Property holding the publisher's {@link Incarnation} in its wire form. */
    public static final String INCARNATION = "mqttha-incarnation";

    /** Property holding the message's {@linkplain SequenceNumbers sequence number} in decimal. */
    public static final String SEQUENCE = "mqttha-seq";

    /** Property holding when the publisher sent the message, in decimal epoch milliseconds. */
    public static final String SENT_AT = "mqttha-sent-at";

    /**
     * Property holding the {@link RetainedVersion} of a message published as a retained value; it must equal
     * the message's incarnation and sequence. Its presence is what marks the message as retained state, since
     * brokers clear the retain flag on live deliveries.
     */
    public static final String VERSION = "mqttha-version";

    /**
     * Property on a message re-sent to repair a gap, naming the topic it was originally published on; the
     * re-sent copy travels on the requester's {@linkplain ControlTopics#replay replay topic}.
     */
    public static final String REPLAY_TOPIC = "mqttha-replay-topic";

    /** Every property name starting with this prefix is reserved for the SDK. */
    public static final String PREFIX = "mqttha-";

    private static final int MAX_LONG_DIGITS = 18;

    private ContinuityHeaders() {
    }

    /**
     * Encodes metadata as user properties, in a fixed order.
     *
     * @param metadata the metadata
     * @return four properties, or five for a retained value
     */
    public static List<UserProperty> toProperties(ContinuityMetadata metadata) {
        return new Encoder(metadata.origin(), metadata.incarnation())
                .stamp(List.of(), metadata.sequence(), metadata.sentAtMillis(), metadata.retained());
    }

    /**
     * Encodes the metadata of one origin in one incarnation, message after message, exactly as
     * {@link #toProperties} does; the two properties every message of the origin shares are built once.
     */
    public static final class Encoder {

        private final UserProperty origin;
        private final UserProperty incarnation;

        /**
         * Creates the encoder of an origin.
         *
         * @param origin      the publisher's client id
         * @param incarnation its incarnation
         */
        public Encoder(String origin, Incarnation incarnation) {
            this.origin = new UserProperty(ORIGIN, origin);
            this.incarnation = new UserProperty(INCARNATION, incarnation.toString());
        }

        /**
         * Returns the application's properties, without those reserved for the SDK, followed by the
         * continuity properties of one message.
         *
         * @param applicationProperties the application's user properties
         * @param sequence              the message's sequence number
         * @param sentAtMillis          when it is sent, epoch milliseconds
         * @param retained              whether it is a retained value, which adds {@link #VERSION}
         * @return the properties to publish the message with
         */
        public List<UserProperty> stamp(List<UserProperty> applicationProperties, long sequence, long sentAtMillis,
                boolean retained) {
            List<UserProperty> properties = new ArrayList<>(applicationProperties.size() + 5);
            for (UserProperty property : applicationProperties) {
                if (!property.name().startsWith(PREFIX)) {
                    properties.add(property);
                }
            }
            String sequenceText = Long.toString(sequence);
            properties.add(origin);
            properties.add(incarnation);
            properties.add(new UserProperty(SEQUENCE, sequenceText));
            properties.add(new UserProperty(SENT_AT, Long.toString(sentAtMillis)));
            if (retained) {
                properties.add(new UserProperty(VERSION, incarnation.value() + ":" + sequenceText));
            }
            return properties;
        }
    }

    /**
     * Returns the properties that are not reserved for the SDK, so that stamping never duplicates them.
     *
     * @param properties user properties
     * @return those whose name does not start with {@link #PREFIX}, in order
     */
    public static List<UserProperty> withoutReserved(List<UserProperty> properties) {
        List<UserProperty> kept = new ArrayList<>(properties.size());
        for (UserProperty property : properties) {
            if (!property.name().startsWith(PREFIX)) {
                kept.add(property);
            }
        }
        return kept;
    }

    /**
     * Returns the original topic of a message re-sent to repair a gap.
     *
     * @param properties the re-sent message's user properties
     * @return the value of {@link #REPLAY_TOPIC}, if present
     */
    public static Optional<String> replayedTopic(List<UserProperty> properties) {
        return Optional.ofNullable(first(properties, REPLAY_TOPIC));
    }

    /**
     * Returns the version a retained copy carries, as stamped by its origin.
     *
     * @param properties the copy's user properties
     * @return its version, empty when it carries none (a plain client's value) or carries malformed metadata
     */
    public static Optional<RetainedVersion> retainedVersion(List<UserProperty> properties) {
        return parse(properties) instanceof HeaderParseResult.Tracked tracked && tracked.metadata().retained()
                ? Optional.of(tracked.metadata().version()) : Optional.empty();
    }

    /**
     * Decodes the continuity metadata of a message; never throws on malformed input.
     *
     * @param properties the message's user properties
     * @return untracked, tracked with the metadata, or invalid with the reason
     */
    public static HeaderParseResult parse(List<UserProperty> properties) {
        String origin = null;
        String incarnationText = null;
        String sequenceText = null;
        String sentAtText = null;
        String versionText = null;
        for (UserProperty property : properties) {
            String name = property.name();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            switch (name) {
                case ORIGIN -> origin = origin == null ? property.value() : origin;
                case INCARNATION -> incarnationText = incarnationText == null ? property.value() : incarnationText;
                case SEQUENCE -> sequenceText = sequenceText == null ? property.value() : sequenceText;
                case SENT_AT -> sentAtText = sentAtText == null ? property.value() : sentAtText;
                case VERSION -> versionText = versionText == null ? property.value() : versionText;
                default -> {
                    // Other reserved names (such as the replay topic) do not affect tracking.
                }
            }
        }
        if (origin == null && incarnationText == null && sequenceText == null && sentAtText == null
                && versionText == null) {
            return new HeaderParseResult.Untracked();
        }
        if (origin == null || incarnationText == null || sequenceText == null || sentAtText == null) {
            return new HeaderParseResult.Invalid(InvalidReason.MISSING_FIELD, "missing" + (origin == null ? " "
                    + ORIGIN : "") + (incarnationText == null ? " " + INCARNATION : "") + (sequenceText == null
                    ? " " + SEQUENCE : "") + (sentAtText == null ? " " + SENT_AT : ""));
        }
        if (origin.isEmpty()) {
            return new HeaderParseResult.Invalid(InvalidReason.ORIGIN_MALFORMED, ORIGIN + " is empty");
        }
        Optional<Incarnation> incarnation = Incarnation.parse(incarnationText);
        if (incarnation.isEmpty()) {
            return new HeaderParseResult.Invalid(InvalidReason.INCARNATION_MALFORMED,
                    INCARNATION + " '" + incarnationText + "' is not <millis>-<8 hex digits>");
        }
        long sequence = parseUnsigned(sequenceText);
        if (sequence < 0) {
            boolean numeric = sequenceText.matches("-?[0-9]+");
            return new HeaderParseResult.Invalid(numeric ? InvalidReason.SEQUENCE_OUT_OF_RANGE
                    : InvalidReason.SEQUENCE_NOT_A_NUMBER, SEQUENCE + " '" + sequenceText + "' is not in [0, "
                    + SequenceNumbers.MAX + "]");
        }
        if (!SequenceNumbers.isValid(sequence)) {
            return new HeaderParseResult.Invalid(InvalidReason.SEQUENCE_OUT_OF_RANGE,
                    SEQUENCE + " '" + sequenceText + "' is not in [0, " + SequenceNumbers.MAX + "]");
        }
        long sentAt = parseUnsigned(sentAtText);
        if (sentAt < 0) {
            return new HeaderParseResult.Invalid(InvalidReason.SENT_AT_MALFORMED,
                    SENT_AT + " '" + sentAtText + "' is not epoch milliseconds");
        }
        if (versionText != null) {
            Optional<RetainedVersion> version = RetainedVersion.parse(versionText);
            if (version.isEmpty() || !version.get().incarnation().equals(incarnation.get())
                    || version.get().sequence() != sequence) {
                return new HeaderParseResult.Invalid(InvalidReason.VERSION_MALFORMED,
                        VERSION + " '" + versionText + "' does not equal " + incarnationText + ":" + sequence);
            }
        }
        return new HeaderParseResult.Tracked(new ContinuityMetadata(origin, incarnation.get(), sequence, sentAt,
                versionText != null));
    }

    private static String first(List<UserProperty> properties, String name) {
        for (UserProperty property : properties) {
            if (property.name().equals(name)) {
                return property.value();
            }
        }
        return null;
    }

    /**
     * Parses a run of 1 to 18 ASCII digits; longer runs cannot be sequence numbers or plausible times, and
     * refusing them keeps the arithmetic free of overflow.
     *
     * @return the value, or -1 if {@code text} is anything else
     */
    static long parseUnsigned(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_LONG_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
