package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.StreamKey;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Codec of the continuity control messages, a line-based UTF-8 text format that needs no JSON library.
 *
 * <p>The first line names the kind and format version; each further line is {@code key=value}, values
 * URL-encoded (UTF-8), so topics and client ids may contain any character. Unknown keys are ignored, so later
 * versions can add fields. Examples:
 * <pre>
 * mqttha-announce 1
 * origin=publisher-1
 * incarnation=1718000000000-0a1b2c3d
 * stream=42 sensors%2Ftemperature
 * stream=7 state%2Fmode
 *
 * mqttha-repair 1
 * requester=dashboard
 * origin=publisher-1
 * incarnation=1718000000000-0a1b2c3d
 * topic=sensors%2Ftemperature
 * first=40
 * count=2
 *
 * mqttha-unavailable 1
 * origin=publisher-1
 * incarnation=1718000000000-0a1b2c3d
 * topic=sensors%2Ftemperature
 * missing=40+1,43+2
 * </pre>
 * Decoding never throws: anything unexpected yields {@link Decoded.Malformed}.
 */
public final class ControlMessages {

    /** Payloads larger than this are rejected unread. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;

    private static final String ANNOUNCE_HEADER = "mqttha-announce 1";
    private static final String REPAIR_HEADER = "mqttha-repair 1";
    private static final String UNAVAILABLE_HEADER = "mqttha-unavailable 1";

    private ControlMessages() {
    }

    /**
     * Encodes an announcement.
     *
     * @param announcement the announcement
     * @return the payload
     */
    public static byte[] encode(Announcement announcement) {
        StringBuilder text = new StringBuilder(64 + 48 * announcement.lastSequences().size());
        text.append(ANNOUNCE_HEADER).append('\n');
        line(text, "origin", encodeValue(announcement.origin()));
        line(text, "incarnation", announcement.incarnation().toString());
        announcement.lastSequences().forEach((topic, sequence) -> line(text, "stream",
                sequence + " " + encodeValue(topic)));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Encodes a repair request.
     *
     * @param request the request
     * @return the payload
     */
    public static byte[] encode(RepairRequest request) {
        StringBuilder text = new StringBuilder(256);
        text.append(REPAIR_HEADER).append('\n');
        line(text, "requester", encodeValue(request.requester()));
        line(text, "origin", encodeValue(request.stream().origin()));
        line(text, "incarnation", request.incarnation().toString());
        line(text, "topic", encodeValue(request.stream().topic()));
        line(text, "first", Long.toString(request.missing().first()));
        line(text, "count", Long.toString(request.missing().count()));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Encodes an unavailability answer.
     *
     * @param unavailable the answer
     * @return the payload
     */
    public static byte[] encode(RepairUnavailable unavailable) {
        StringBuilder text = new StringBuilder(256);
        text.append(UNAVAILABLE_HEADER).append('\n');
        line(text, "origin", encodeValue(unavailable.stream().origin()));
        line(text, "incarnation", unavailable.incarnation().toString());
        line(text, "topic", encodeValue(unavailable.stream().topic()));
        StringBuilder ranges = new StringBuilder();
        for (SequenceRange range : unavailable.missing()) {
            ranges.append(ranges.isEmpty() ? "" : ",").append(range.first()).append('+').append(range.count());
        }
        line(text, "missing", ranges.toString());
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes an announcement.
     *
     * @param payload the payload
     * @return the announcement, or why it was rejected
     */
    public static Decoded<Announcement> decodeAnnouncement(byte[] payload) {
        try {
            Fields fields = Fields.parse(payload, ANNOUNCE_HEADER);
            Map<String, Long> streams = new LinkedHashMap<>();
            for (String entry : fields.all("stream")) {
                int space = entry.indexOf(' ');
                long sequence = space < 0 ? -1 : ContinuityHeaders.parseUnsigned(entry.substring(0, space));
                if (!SequenceNumbers.isValid(sequence)) {
                    throw new MalformedException("stream entry '" + entry + "' is not '<sequence> <topic>'");
                }
                streams.put(decodeValue(entry.substring(space + 1)), sequence);
            }
            return new Decoded.Valid<>(new Announcement(fields.text("origin"), fields.incarnation(), streams));
        } catch (MalformedException | IllegalArgumentException e) {
            return new Decoded.Malformed<>(e.getMessage());
        }
    }

    /**
     * Decodes a repair request.
     *
     * @param payload the payload
     * @return the request, or why it was rejected
     */
    public static Decoded<RepairRequest> decodeRepairRequest(byte[] payload) {
        try {
            Fields fields = Fields.parse(payload, REPAIR_HEADER);
            SequenceRange missing = new SequenceRange(fields.sequence("first"), fields.number("count"));
            return new Decoded.Valid<>(new RepairRequest(fields.text("requester"), new StreamKey(
                    fields.text("origin"), fields.text("topic")), fields.incarnation(), missing));
        } catch (MalformedException | IllegalArgumentException e) {
            return new Decoded.Malformed<>(e.getMessage());
        }
    }

    /**
     * Decodes an unavailability answer.
     *
     * @param payload the payload
     * @return the answer, or why it was rejected
     */
    public static Decoded<RepairUnavailable> decodeRepairUnavailable(byte[] payload) {
        try {
            Fields fields = Fields.parse(payload, UNAVAILABLE_HEADER);
            List<SequenceRange> missing = new ArrayList<>();
            for (String range : fields.single("missing").split(",", -1)) {
                int plus = range.indexOf('+');
                if (plus < 0) {
                    throw new MalformedException("missing range '" + range + "' is not '<first>+<count>'");
                }
                missing.add(new SequenceRange(ContinuityHeaders.parseUnsigned(range.substring(0, plus)),
                        ContinuityHeaders.parseUnsigned(range.substring(plus + 1))));
            }
            return new Decoded.Valid<>(new RepairUnavailable(new StreamKey(fields.text("origin"),
                    fields.text("topic")), fields.incarnation(), missing));
        } catch (MalformedException | IllegalArgumentException e) {
            return new Decoded.Malformed<>(e.getMessage());
        }
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append('=').append(value).append('\n');
    }

    private static String encodeValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Throws IllegalArgumentException on a bad escape, which the decoders turn into Malformed. */
    private static String decodeValue(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** Signals a structural error; never leaves this class. */
    private static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The key=value lines of one payload; keys may repeat. */
    private record Fields(Map<String, List<String>> values) {

        static Fields parse(byte[] payload, String header) throws MalformedException {
            if (payload.length > MAX_PAYLOAD_BYTES) {
                throw new MalformedException("payload of " + payload.length + " bytes exceeds "
                        + MAX_PAYLOAD_BYTES);
            }
            String[] lines = new String(payload, StandardCharsets.UTF_8).split("\n");
            if (lines.length == 0 || !lines[0].equals(header)) {
                throw new MalformedException("first line is not '" + header + "'");
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                int equals = lines[i].indexOf('=');
                if (equals < 1) {
                    throw new MalformedException("line " + (i + 1) + " is not key=value");
                }
                values.computeIfAbsent(lines[i].substring(0, equals), k -> new ArrayList<>())
                        .add(lines[i].substring(equals + 1));
            }
            return new Fields(values);
        }

        List<String> all(String key) {
            return values.getOrDefault(key, List.of());
        }

        String single(String key) throws MalformedException {
            List<String> found = all(key);
            if (found.size() != 1) {
                throw new MalformedException("expected one '" + key + "', found " + found.size());
            }
            return found.get(0);
        }

        String text(String key) throws MalformedException {
            String value = decodeValue(single(key));
            if (value.isEmpty()) {
                throw new MalformedException("'" + key + "' is empty");
            }
            return value;
        }

        long number(String key) throws MalformedException {
            String value = single(key);
            long number = ContinuityHeaders.parseUnsigned(value);
            if (number < 0) {
                throw new MalformedException("'" + key + "' is not a number: '" + value + "'");
            }
            return number;
        }

        long sequence(String key) throws MalformedException {
            long sequence = number(key);
            if (!SequenceNumbers.isValid(sequence)) {
                throw new MalformedException("'" + key + "' is not a sequence number: " + sequence);
            }
            return sequence;
        }

        Incarnation incarnation() throws MalformedException {
            String value = single("incarnation");
            Optional<Incarnation> incarnation = Incarnation.parse(value);
            if (incarnation.isEmpty()) {
                throw new MalformedException("'incarnation' is malformed: '" + value + "'");
            }
            return incarnation.get();
        }
    }
}
