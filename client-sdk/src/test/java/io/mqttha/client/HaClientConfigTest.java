package io.mqttha.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HaClientConfigTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        HaClientConfig config = HaClientConfig.builder().addresses("127.0.0.1:18831, 127.0.0.1:18832").build();
        assertThat(config.addresses()).containsExactly(BrokerAddress.parse("127.0.0.1:18831"),
                BrokerAddress.parse("127.0.0.1:18832"));
        assertThat(config.clientId()).startsWith(HaClientConfig.DEFAULT_CLIENT_ID_PREFIX);
        assertThat(config.protocol()).isEqualTo(MqttProtocol.MQTT_5);
        assertThat(config.keepAlive()).isEqualTo(HaClientConfig.DEFAULT_KEEP_ALIVE);
        assertThat(config.hangDetectionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.nodeSelection()).isEqualTo(NodeSelection.ORDERED);
        assertThat(config.backoff()).isEqualTo(BackoffPolicy.DEFAULT);
        assertThat(config.offlineBuffer()).isEqualTo(OfflineBufferLimits.DEFAULT);
        assertThat(config.healthProbing()).isTrue();
        assertThat(config.standbySubscriptions()).isTrue();
        assertThat(config.preferredNode()).isEmpty();
    }

    @Test
    void malformedAndDuplicateEntriesAreNamedTogether() {
        assertThatThrownBy(() -> HaClientConfig.builder()
                .addresses("127.0.0.1:1883,broker-b,127.0.0.1:1883, host:99999")
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'broker-b'")
                .hasMessageContaining("'127.0.0.1:1883' is listed more than once")
                .hasMessageContaining("' host:99999'");
    }

    @Test
    void atLeastOneAddressIsRequired() {
        assertThatThrownBy(() -> HaClientConfig.builder().build()).hasMessageContaining("at least one broker address");
    }

    @Test
    void preferredNodeMustBeOneOfTheAddresses() {
        HaClientConfig config = HaClientConfig.builder().addresses("a:1,b:2").preferredNode("b:2").build();
        assertThat(config.nodeSelection()).isEqualTo(NodeSelection.PREFERRED);
        assertThat(config.preferredNode()).contains(new BrokerAddress("b", 2));
        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1").preferredNode("c:3").build())
                .hasMessageContaining("preferred node 'c:3' is not one of the broker addresses");
        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1").nodeSelection(NodeSelection.PREFERRED)
                .build()).hasMessageContaining("needs a preferred node");
    }

    @Test
    void timingValuesAreChecked() {
        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1").keepAlive(Duration.ofMillis(1500)).build())
                .hasMessageContaining("keep-alive must be whole seconds");
        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1").connectTimeout(Duration.ZERO).build())
                .hasMessageContaining("connect timeout must be positive");
        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1")
                .hangDetectionTimeout(Duration.ofMillis(10)).build())
                .hasMessageContaining("hang detection timeout");
    }

    @Test
    void secretsStayOutOfToString() {
        HaClientConfig config = HaClientConfig.builder().addresses("a:1")
                .credentials(Credentials.of("alice", "s3cret")).build();
        assertThat(config.toString()).contains("alice").doesNotContain("s3cret");
    }
}
