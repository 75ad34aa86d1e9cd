package io.mqttha.publisher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;

/**
 * The JSON form of {@link PublisherHeartbeat} and {@link PublisherState}: written by publishers, read by the
 * dashboard. Reading is lenient: unknown fields are ignored (a newer publisher may add some) and a payload that
 * is not such a document is empty, never an exception.
 */
public final class PublisherPayloads {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PublisherPayloads() {
    }

    /**
     * Encodes a heartbeat or state document.
     *
     * @param document a {@link PublisherHeartbeat} or {@link PublisherState}
     * @return its UTF-8 JSON
     */
    public static byte[] write(Object document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Records of strings, numbers and maps are always serialisable", e);
        }
    }

    /**
     * Decodes a document.
     *
     * @param text the payload
     * @param type {@link PublisherHeartbeat} or {@link PublisherState}
     * @param <T>  the type
     * @return the document, or empty if {@code text} is not a JSON object of that shape
     */
    public static <T> Optional<T> read(String text, Class<T> type) {
        if (text.isEmpty() || text.charAt(0) != '{') {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(text, type));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
