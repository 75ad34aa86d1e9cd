package io.mqttha.client.internal;

import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PayloadTooLargeException;
import io.mqttha.client.Qos;
import io.mqttha.client.UserProperty;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.internal.continuity.ContinuityHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Payloads above the configured maximum are refused at once, before anything is buffered or stamped. */
class PayloadLimitTest {

    private static final int LIMIT = 16;
    private static final String TOPIC = "meters/42";
    private static final BrokerAddress NODE = BrokerAddress.parse("10.0.0.1:1883");

    private final FakeConnections fake = new FakeConnections();
    private final MutableClock clock = new MutableClock();
    private HaMqttClient client;

    private DefaultHaMqttClient failoverClient() {
        HaClientConfig config = HaClientConfig.builder()
                .address(NODE)
                .clientId("unit")
                .maximumPayloadSize(LIMIT)
                .healthProbing(false)
                .build();
        return new DefaultHaMqttClient(config, clock, new Random(7), inbound -> fake);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aPayloadAboveTheLimitIsRefusedNamingSizeLimitAndTopicAndNothingIsBuffered() throws Exception {
        client = failoverClient();
        client.connect().get(1, TimeUnit.SECONDS);

        assertThatThrownBy(() -> client.publish(TOPIC, new byte[LIMIT + 1], Qos.AT_LEAST_ONCE, false))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining((LIMIT + 1) + " bytes")
                .hasMessageContaining(LIMIT + " bytes")
                .satisfies(e -> {
                    PayloadTooLargeException tooLarge = (PayloadTooLargeException) e;
                    assertThat(tooLarge.topic()).isEqualTo(TOPIC);
                    assertThat(tooLarge.size()).isEqualTo(LIMIT + 1);
                    assertThat(tooLarge.limit()).isEqualTo(LIMIT);
                });

        assertThat(client.metrics().bufferedMessages()).isZero();
        assertThat(client.metrics().publishesSent()).isZero();
        assertThat(fake.published).isEmpty();
    }

    @Test
    void whileOfflineTooLargeIsRefusedTooRatherThanBuffered() {
        fake.down.add(NODE);
        client = failoverClient();
        client.connect();

        assertThatThrownBy(() -> client.publish(TOPIC, new byte[LIMIT + 1], Qos.AT_MOST_ONCE, false))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThat(client.metrics().bufferedMessages()).isZero();
    }

    @Test
    void aPayloadOfExactlyTheLimitIsSentAndUserPropertiesDoNotCount() throws Exception {
        client = failoverClient();
        client.connect().get(1, TimeUnit.SECONDS);
        OutboundMessage atLimit = new OutboundMessage(TOPIC, new byte[LIMIT], Qos.AT_LEAST_ONCE, false,
                List.of(new UserProperty("unit", "kWh".repeat(20))));

        client.publish(atLimit).get(1, TimeUnit.SECONDS);

        assertThat(fake.published).containsExactly(atLimit);
    }

    @Test
    void withContinuityARefusedPayloadTakesNoSequenceNumber() throws Exception {
        client = new ContinuityClient(failoverClient(), ContinuityConfig.defaults(), clock);
        client.connect().get(1, TimeUnit.SECONDS);

        assertThatThrownBy(() -> client.publish(TOPIC, new byte[LIMIT + 1], Qos.AT_LEAST_ONCE, false))
                .isInstanceOf(PayloadTooLargeException.class);
        client.publish(TOPIC, new byte[LIMIT], Qos.AT_LEAST_ONCE, false).get(1, TimeUnit.SECONDS);

        await().until(() -> fake.published.stream().anyMatch(m -> m.topic().equals(TOPIC)));
        OutboundMessage sent = fake.published.stream().filter(m -> m.topic().equals(TOPIC)).findFirst().orElseThrow();
        assertThat(sent.userProperties()).contains(new UserProperty(ContinuityHeaders.SEQUENCE, "1"));
    }
}
