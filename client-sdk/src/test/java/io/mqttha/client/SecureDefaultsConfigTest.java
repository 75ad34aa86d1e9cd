package io.mqttha.client;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of issue "Secure by default": their defaults, their checks, and secrets kept out of text. */
class SecureDefaultsConfigTest {

    private static final String PASSWORD = "s3cr3t-Pa55-XYZ";
    private static final String TRUST_PASSWORD = "tRu5t-St0re-XYZ";
    private static final String KEY_PASSWORD = "k3y-St0re-XYZ";

    @Test
    void defaultsAreTheDocumentedConstants() {
        HaClientConfig config = HaClientConfig.builder().addresses("a:1").build();
        assertThat(config.authenticationRetryInterval()).isEqualTo(Duration.ofSeconds(30))
                .isEqualTo(HaClientConfig.DEFAULT_AUTHENTICATION_RETRY_INTERVAL);
        assertThat(config.maximumPayloadSize()).isEqualTo(262_144)
                .isEqualTo(HaClientConfig.DEFAULT_MAXIMUM_PAYLOAD_SIZE);
    }

    @Test
    void settingsAreKeptAndCheckedTogether() {
        HaClientConfig config = HaClientConfig.builder().addresses("a:1")
                .authenticationRetryInterval(Duration.ofMinutes(2)).maximumPayloadSize(1024).build();
        assertThat(config.authenticationRetryInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.maximumPayloadSize()).isEqualTo(1024);
        assertThat(HaClientConfig.builder().addresses("a:1")
                .maximumPayloadSize(HaClientConfig.MQTT_MAXIMUM_PAYLOAD_SIZE).build().maximumPayloadSize())
                .isEqualTo(268_435_455);

        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1")
                .authenticationRetryInterval(Duration.ZERO).maximumPayloadSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authentication retry interval must be positive")
                .hasMessageContaining("maximum payload size must be within 1..268435455 bytes, not 0");
        assertThatThrownBy(() -> HaClientConfig.builder().addresses("a:1")
                .maximumPayloadSize(HaClientConfig.MQTT_MAXIMUM_PAYLOAD_SIZE + 1).build())
                .hasMessageContaining("maximum payload size");
    }

    @Test
    void noPasswordAppearsInTheTextOfConfigsEventsOrExceptions() {
        TlsSettings tls = TlsSettings.builder()
                .trustStore(Path.of("trust.p12"), TRUST_PASSWORD.toCharArray())
                .keyStore(Path.of("client.p12"), KEY_PASSWORD.toCharArray())
                .build();
        Credentials credentials = Credentials.of("alice", PASSWORD);
        HaClientConfig config = HaClientConfig.builder().addresses("a:1").credentials(credentials).tls(tls).build();
        BrokerAddress node = BrokerAddress.parse("a:1");
        AuthenticationFailedException refusal = new AuthenticationFailedException(node, 0x86,
                "connect refused by a:1: bad user name or password", null);
        AuthenticationFailedException everyNode = new AuthenticationFailedException(Map.of(node, 0x86), "all refused");

        String text = String.join("\n", config.toString(), tls.toString(), credentials.toString(),
                refusal.toString(), everyNode.toString(),
                new AuthenticationFailedEvent(node, 0x86, "bad user name or password", Instant.EPOCH, refusal,
                        Instant.EPOCH).toString());

        assertThat(text).contains("alice", "trust.p12", "client.p12", "reasonCode=0x86")
                .doesNotContain(PASSWORD, TRUST_PASSWORD, KEY_PASSWORD);
    }

    @Test
    void anAuthenticationFailureKeepsItsNodesInConfiguredOrder() {
        BrokerAddress b = BrokerAddress.parse("b:2");
        BrokerAddress a = BrokerAddress.parse("a:1");
        Map<BrokerAddress, Integer> codes = new LinkedHashMap<>();
        codes.put(b, 5);
        codes.put(a, 4);

        AuthenticationFailedException exception = new AuthenticationFailedException(codes, "refused");

        assertThat(exception.nodes()).containsExactly(b, a);
        assertThat(exception.reasonCodes()).containsEntry(a, 4).containsEntry(b, 5);
        assertThat(exception).isInstanceOf(HaMqttException.class);
    }
}
