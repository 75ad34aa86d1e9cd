package io.mqttha.publisher;

import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.client.Qos;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublisherTopicsTest {

    private final PublisherTopics topics = new PublisherTopics("mqtt-ha");

    @Test
    void theClustersAclGrantsEachPublisherTheTopicsOfThisLayout() {
        assertThat(PublisherTopics.DEFAULT_PREFIX).isEqualTo(AccessPolicy.TOPIC_PREFIX);
        assertThat(PublisherTopics.publisherName(3)).isEqualTo(AccessPolicy.publisherName(3));
    }

    @Test
    void layoutNamesEveryStreamOfAPublisher() {
        assertThat(topics.telemetry("publisher-3", Qos.EXACTLY_ONCE)).isEqualTo("mqtt-ha/publisher-3/telemetry/qos2");
        assertThat(topics.state("publisher-3")).isEqualTo("mqtt-ha/publisher-3/state");
        assertThat(topics.status("publisher-3")).isEqualTo("mqtt-ha/publisher-3/status");
        assertThat(topics.heartbeat("publisher-3")).isEqualTo("mqtt-ha/publisher-3/heartbeat");
        assertThat(topics.filters()).containsExactly("mqtt-ha/+/telemetry/+", "mqtt-ha/+/state", "mqtt-ha/+/status",
                "mqtt-ha/+/heartbeat");
    }

    @Test
    void topicsAreTracedBackToTheirPublisherAndQos() {
        assertThat(topics.publisherOf("mqtt-ha/publisher-5/telemetry/qos1")).contains("publisher-5");
        assertThat(topics.telemetryQos("mqtt-ha/publisher-5/telemetry/qos1")).contains(Qos.AT_LEAST_ONCE);
        assertThat(topics.telemetryQos("mqtt-ha/publisher-5/state")).isEmpty();
        assertThat(topics.publisherOf("other/publisher-5/state")).isEmpty();
    }

    @Test
    void prefixWithWildcardsOrReservedStartIsRefused() {
        assertThatThrownBy(() -> new PublisherTopics("$SYS")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublisherTopics("a/+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublisherTopics("")).isInstanceOf(IllegalArgumentException.class);
    }
}
