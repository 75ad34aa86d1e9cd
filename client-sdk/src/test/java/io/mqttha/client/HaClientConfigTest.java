package io.mqttha.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

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
        assertThat(config.nodeSelection()).isEqualTo(NodeSelection.SPREAD);
        assertThat(config.selection()).isEqualTo(SelectionPolicy.DEFAULT);
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

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1,nope")
                .connectTimeout(Duration.ZERO).healthProbeInterval(Duration.ofSeconds(-1))
                .failbackDelay(Duration.ofSeconds(-1)).maximumPayloadSize(0).build())
                .hasMessageContaining("'nope'")
                .hasMessageContaining("connect timeout must be positive")
                .hasMessageContaining("health probe interval must be positive")
                .hasMessageContaining("failback delay must not be negative")
                .hasMessageContaining("maximum payload size");
    }

    @Test
    void toBuilderStartsFromEveryValueAndChangesOnlyTheCopy() {
        HaClientConfig original = HaClientConfig.builder().addresses("a:1,b:2").clientId("meter-1")
                .preferredNode("b:2").failbackDelay(Duration.ofSeconds(9)).failbackSpread(Duration.ofSeconds(2))
                .healthProbing(false)
                .keepAlive(Duration.ofSeconds(4)).build();

        HaClientConfig changed = original.toBuilder().clientId("meter-2").address("c:3").build();

        assertThat(changed.clientId()).isEqualTo("meter-2");
        assertThat(changed.addresses()).containsExactly(new BrokerAddress("a", 1), new BrokerAddress("b", 2),
                new BrokerAddress("c", 3));
        assertThat(changed.selection()).isEqualTo(new SelectionPolicy(NodeSelection.PREFERRED,
                Optional.of(new BrokerAddress("b", 2)), Duration.ofSeconds(9), Duration.ofSeconds(2)));
        assertThat(changed.probing().enabled()).isFalse();
        assertThat(changed.keepAlive()).isEqualTo(Duration.ofSeconds(4));
        assertThat(original.clientId()).isEqualTo("meter-1");
        assertThat(original.addresses()).hasSize(2);
        assertThat(original.toBuilder().build().toString()).isEqualTo(original.toString());
    }

    @Test
    void partsAreValidatedOnTheirOwnToo() {
        assertThatThrownBy(() -> new HealthProbing(true, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("health probe interval").hasMessageContaining("health probe timeout");
        assertThatThrownBy(() -> new SelectionPolicy(NodeSelection.PREFERRED, Optional.empty(),
                Duration.ZERO, Duration.ofSeconds(-1))).hasMessageContaining("needs a preferred node")
                .hasMessageContaining("failback spread must not be negative");
    }
}
