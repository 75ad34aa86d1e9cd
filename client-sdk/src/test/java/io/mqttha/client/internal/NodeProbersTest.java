package io.mqttha.client.internal;

import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.HaClientConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients that probe a cluster the same way share one prober, so a fleet costs the brokers one probe per node. */
class NodeProbersTest {

    private static final BrokerAddress A = BrokerAddress.parse("10.0.0.1:1883");
    private static final BrokerAddress B = BrokerAddress.parse("10.0.0.2:1883");
    /** Listed first, so that the prober's first periodic probe, which starts at once, goes here and not to A or B. */
    private static final BrokerAddress FIRST = BrokerAddress.parse("10.0.0.9:1883");

    private final FakeConnections fake = new FakeConnections();
    private final MutableClock clock = new MutableClock();

    private static HaClientConfig config(String clientId, String password) {
        return HaClientConfig.builder().addresses(FIRST + "," + A + "," + B).clientId(clientId)
                .credentials(Credentials.of("fleet", password)).healthProbeInterval(Duration.ofHours(1)).build();
    }

    @Test
    void clientsThatProbeAlikeShareOneProberAndEveryOneHearsEachAnswer() {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        NodeProbers.Subscription a = NodeProbers.shared(config("device-1", "pw"), clock, c -> fake,
                (node, started, rtt, failure) -> first.add(node.toString()));
        NodeProbers.Subscription b = NodeProbers.shared(config("device-2", "pw"), clock, c -> fake,
                (node, started, rtt, failure) -> second.add(node.toString()));
        try {
            assertThat(a.prober()).isSameAs(b.prober());

            a.prober().probeAll();
            await().until(() -> second.contains(A.toString()) && second.contains(B.toString())
                    && first.contains(A.toString()) && first.contains(B.toString()));

            assertThat(probes(A)).isEqualTo(1);
            assertThat(probes(B)).isEqualTo(1);
            assertThat(first).containsOnlyOnce(A.toString(), B.toString());
            assertThat(second).containsOnlyOnce(A.toString(), B.toString());
        } finally {
            a.cancel();
            b.cancel();
        }
    }

    @Test
    void otherCredentialsGetAProberOfTheirOwnAndTheLastToLeaveEndsIt() {
        int before = NodeProbers.sharedCount();
        NodeProbers.Subscription a = NodeProbers.shared(config("device-1", "one"), clock, c -> fake,
                (node, started, rtt, failure) -> { });
        NodeProbers.Subscription b = NodeProbers.shared(config("device-2", "two"), clock, c -> fake,
                (node, started, rtt, failure) -> { });

        assertThat(a.prober()).isNotSameAs(b.prober());
        assertThat(NodeProbers.sharedCount()).isEqualTo(before + 2);
        a.cancel();
        b.cancel();
        assertThat(NodeProbers.sharedCount()).isEqualTo(before);
    }

    @Test
    void aNodeThatRefusedTheCredentialsIsLeftAloneForTheRetryInterval() {
        fake.refusing.add(A);
        List<String> answers = new CopyOnWriteArrayList<>();
        NodeProbers.Subscription a = NodeProbers.dedicated(config("device-1", "pw"), fake, clock,
                (node, started, rtt, failure) -> answers.add(node.toString()));
        try {
            probeAllAndAwait(a, answers, A, B);
            probeAllAndAwait(a, answers, B);
            assertThat(probes(A)).isEqualTo(1);
            assertThat(probes(B)).isEqualTo(2);

            clock.advance(HaClientConfig.DEFAULT_AUTHENTICATION_RETRY_INTERVAL);
            probeAllAndAwait(a, answers, A, B);
            assertThat(probes(A)).isEqualTo(2);
        } finally {
            a.cancel();
        }
    }

    /** Probes sent to {@code node} so far; the log is copied under its lock, as the prober adds to it meanwhile. */
    private long probes(BrokerAddress node) {
        List<String> log;
        synchronized (fake.log) {
            log = List.copyOf(fake.log);
        }
        return log.stream().filter(("probe@" + node)::equals).count();
    }

    /** Asks for a round and waits for the answers of {@code expected}, which are handed over on another thread. */
    private static void probeAllAndAwait(NodeProbers.Subscription subscription, List<String> answers,
            BrokerAddress... expected) {
        answers.clear();
        subscription.prober().probeAll();
        await().until(() -> Arrays.stream(expected).allMatch(node -> answers.contains(node.toString())));
    }

    @Test
    void theSharedProberProbesEveryNodeEveryIntervalWhileAnyoneListens() {
        HaClientConfig config = HaClientConfig.builder().addresses(FIRST + "," + A + "," + B).clientId("periodic")
                .healthProbeInterval(Duration.ofMillis(50)).build();
        NodeProbers.Subscription a = NodeProbers.shared(config, clock, c -> fake, (node, started, rtt, failure) -> { });
        NodeProbers.Subscription b = NodeProbers.shared(config, clock, c -> fake, (node, started, rtt, failure) -> { });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> probes(A) >= 5 && probes(B) >= 5);
        } finally {
            a.cancel();
            b.cancel();
        }
        long stopped = fake.log.size();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> fake.log.size() == stopped);
    }
}
