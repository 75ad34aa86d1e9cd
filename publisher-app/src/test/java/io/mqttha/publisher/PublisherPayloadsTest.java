package io.mqttha.publisher;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherPayloadsTest {

    @Test
    void aHeartbeatReadsBackAsWritten() {
        PublisherHeartbeat heartbeat = new PublisherHeartbeat("publisher-3", "127.0.0.1:18833", 1_500,
                Map.of("qos0", 4L, "qos1", 5L, "qos2", 6L), Map.of("qos1", 5L), 2L);

        String json = new String(PublisherPayloads.write(heartbeat), StandardCharsets.UTF_8);

        assertThat(PublisherPayloads.read(json, PublisherHeartbeat.class)).contains(heartbeat);
        assertThat(heartbeat.totalSent()).isEqualTo(15);
        assertThat(heartbeat.connectedNode()).contains("127.0.0.1:18833");
    }

    @Test
    void missingFieldsAreUnknownNotZeroAndUnknownFieldsAreIgnored() {
        PublisherHeartbeat sparse = PublisherPayloads.read("{\"publisher\":\"p\",\"node\":null,\"extra\":[1]}",
                PublisherHeartbeat.class).orElseThrow();
        assertThat(sparse.totalSent()).isEqualTo(-1);
        assertThat(sparse.failoverCount()).isEqualTo(-1);
        assertThat(sparse.connectedNode()).isEmpty();
        assertThat(PublisherPayloads.read("{\"version\":7}", PublisherState.class).orElseThrow().versionOrUnknown())
                .isEqualTo(7);
        assertThat(PublisherPayloads.read("{}", PublisherState.class).orElseThrow().versionOrUnknown()).isEqualTo(-1);
    }

    @Test
    void somethingElseIsEmptyNotAnError() {
        assertThat(PublisherPayloads.read("online", PublisherState.class)).isEmpty();
        assertThat(PublisherPayloads.read("{not json", PublisherState.class)).isEmpty();
        assertThat(PublisherPayloads.read("", PublisherHeartbeat.class)).isEmpty();
    }
}
