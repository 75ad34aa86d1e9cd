package io.mqttha.client.internal.continuity;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.Login;
import io.mqttha.brokers.testing.LocalClusterExtension;
import io.mqttha.client.continuity.Incarnation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retained guard (a C plugin in the brokers) and {@link RetainedVersion} agree on which of two versions is
 * older: for every pair, a real node refuses the second write exactly when the SDK calls the first one newer.
 */
class RetainedGuardAgreementIT {

    private static final long[] SEQUENCE_EDGES = {0, 1, 2, SequenceNumbers.HALF_RANGE - 1, SequenceNumbers.HALF_RANGE,
            SequenceNumbers.HALF_RANGE + 1, SequenceNumbers.MAX - 1, SequenceNumbers.MAX};
    private static final int RANDOM_PAIRS = 200;

    @RegisterExtension
    final LocalClusterExtension cluster = new LocalClusterExtension();

    @Test
    void theGuardRefusesExactlyWhatTheSdkCallsOlder() {
        List<RetainedVersion[]> pairs = pairs();
        NodeSpec node = cluster.get().description().node("node-1");
        Login login = cluster.get().login(AccessPolicy.OPERATOR);
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("guard-agreement-" + UUID.randomUUID())
                .serverHost(node.host()).serverPort(node.port())
                .simpleAuth().username(login.username()).password(login.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildBlocking();
        client.connect();
        cluster.closeAfterTest(client::disconnect);
        String prefix = "guard-agreement/" + UUID.randomUUID() + "/";
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            RetainedVersion first = pairs.get(i)[0];
            RetainedVersion second = pairs.get(i)[1];
            String topic = prefix + i;
            assertThat(accepted(client, topic, first)).as("the first write of %s", topic).isTrue();
            boolean guardAccepted = accepted(client, topic, second);
            boolean sdkCallsSecondOlder = first.isNewerThan(second);
            if (guardAccepted == sdkCallsSecondOlder) {
                disagreements.add(first + " then " + second + ": guard " + (guardAccepted ? "accepted" : "refused")
                        + ", SDK calls the second " + (sdkCallsSecondOlder ? "older" : "not older"));
            }
        }
        assertThat(disagreements).as("pairs of %d", pairs.size()).isEmpty();
    }

    private static boolean accepted(Mqtt5BlockingClient client, String topic, RetainedVersion version) {
        try {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(version.toString().getBytes(StandardCharsets.UTF_8))
                    .userProperties().add(ContinuityHeaders.VERSION, version.toString()).applyUserProperties()
                    .send();
            return true;
        } catch (Mqtt5PubAckException refused) {
            assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            return false;
        }
    }

    /** Sequence numbers around the wrap and the half range, nonces either side of the sign bit, and random pairs. */
    private static List<RetainedVersion[]> pairs() {
        List<RetainedVersion[]> pairs = new ArrayList<>();
        Incarnation incarnation = new Incarnation(1_700_000_000_000L, 0x7fff_ffff);
        for (long a : SEQUENCE_EDGES) {
            for (long b : SEQUENCE_EDGES) {
                pairs.add(new RetainedVersion[] {new RetainedVersion(incarnation, a), new RetainedVersion(incarnation, b)});
            }
        }
        Incarnation[] incarnations = {
                new Incarnation(1_700_000_000_000L, 0x7fff_ffff), new Incarnation(1_700_000_000_000L, 0x8000_0000),
                new Incarnation(1_700_000_000_000L, 0xffff_ffff), new Incarnation(1_700_000_000_001L, 0),
                new Incarnation(999, 0x0000_00ab)};
        for (Incarnation a : incarnations) {
            for (Incarnation b : incarnations) {
                pairs.add(new RetainedVersion[] {new RetainedVersion(a, SequenceNumbers.MAX), new RetainedVersion(b, 0)});
            }
        }
        Random random = new Random(15);
        for (int i = 0; i < RANDOM_PAIRS; i++) {
            pairs.add(new RetainedVersion[] {randomVersion(random), randomVersion(random)});
        }
        return pairs;
    }

    private static RetainedVersion randomVersion(Random random) {
        Incarnation incarnation = new Incarnation(1_700_000_000_000L + random.nextInt(3), random.nextInt(3) - 1);
        return new RetainedVersion(incarnation, random.nextLong() & SequenceNumbers.MAX);
    }
}
