package io.mqttha.client;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.testing.LocalClusterExtension;
import io.mqttha.client.continuity.ContinuityConfig;
import io.mqttha.client.continuity.ContinuitySnapshot;
import io.mqttha.client.continuity.StreamKey;
import io.mqttha.client.continuity.StreamStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 4's first acceptance on the real cluster: seven publishers with QoS 1 streams, a subscriber on
 * every edge; relay-a is killed mid-stream, then an edge, then both restart. Bridges lose the messages in
 * flight through the dead brokers; the continuity layer finds every gap and, with repair on, fills it.
 */
class ContinuityIT {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuityIT.class);
    private static final String TOPIC_PREFIX = "it/continuity/";
    private static final int MESSAGES_PER_SECOND = 40;
    private static final Duration ANNOUNCE_INTERVAL = Duration.ofSeconds(1);

    @RegisterExtension
    final LocalClusterExtension clusterExtension = new LocalClusterExtension();

    private LocalCluster cluster;

    @BeforeEach
    void useCluster() {
        cluster = clusterExtension.get();
    }

    /** What one subscriber's application received: payload to number of deliveries. */
    private record Subscriber(String edge, HaMqttClient client, Map<String, AtomicInteger> deliveries) {
    }

    @Test
    void withRepairEverySubscriberEndsWithNothingLostAndNoDuplicate() throws Exception {
        ContinuityConfig repairOn = ContinuityConfig.builder().announceInterval(ANNOUNCE_INTERVAL).build();
        Run run = runChaos(repairOn);

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Subscriber subscriber : run.subscribers()) {
                ContinuitySnapshot snapshot = subscriber.client().continuity();
                assertThat(snapshot.lost()).as("lost at the subscriber on %s", subscriber.edge()).isZero();
                assertThat(subscriber.deliveries()).as("distinct messages at %s", subscriber.edge())
                        .hasSize(run.totalSent());
            }
        });
        for (Subscriber subscriber : run.subscribers()) {
            assertThat(subscriber.deliveries().values()).as("deliveries per message at %s", subscriber.edge())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            LOG.info("{}: {}", subscriber.edge(), summary(subscriber.client().continuity()));
        }
        long repaired = run.subscribers().stream().mapToLong(s -> s.client().continuity().repaired()).sum();
        LOG.info("Messages repaired over all subscribers: {}", repaired);
    }

    @Test
    void withoutRepairTheLostCountIsExactlyWhatIsMissing() throws Exception {
        ContinuityConfig repairOff = ContinuityConfig.builder().repairEnabled(false)
                .announceInterval(ANNOUNCE_INTERVAL).build();
        Run run = runChaos(repairOff);

        // Tail loss shows once an announcement and its grace period have passed.
        Duration settle = ANNOUNCE_INTERVAL.plus(ContinuityConfig.DEFAULT_TAIL_GRACE).plusSeconds(3);
        await().pollDelay(settle).atMost(settle.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Subscriber subscriber : run.subscribers()) {
                long missing = run.totalSent() - subscriber.deliveries().size();
                assertThat(subscriber.client().continuity().lost())
                        .as("tracker's lost count at %s; truly missing %d", subscriber.edge(), missing)
                        .isEqualTo(missing);
            }
        });
        long missing = run.subscribers().stream().mapToLong(s -> run.totalSent() - s.deliveries().size()).sum();
        LOG.info("Messages missing over all subscribers without repair: {}", missing);
    }

    private record Run(List<Subscriber> subscribers, int totalSent) {
    }

    private Run runChaos(ContinuityConfig continuity) throws Exception {
        ClusterDescription description = cluster.description();
        List<Subscriber> subscribers = new ArrayList<>();
        for (NodeSpec edge : description.edges()) {
            HaMqttClient subscriber = client("sub-" + edge.name(), edge, continuity);
            Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
            subscriber.subscribe(TOPIC_PREFIX + "#", Qos.AT_LEAST_ONCE, message -> deliveries
                    .computeIfAbsent(message.payloadAsString(), k -> new AtomicInteger()).incrementAndGet())
                    .get(10, TimeUnit.SECONDS);
            subscribers.add(new Subscriber(edge.name(), subscriber, deliveries));
        }
        List<HaMqttClient> publishers = new ArrayList<>();
        for (NodeSpec edge : description.edges()) {
            publishers.add(client("pub-" + edge.name(), edge, continuity));
        }

        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (HaMqttClient publisher : publishers) {
            Thread thread = new Thread(() -> {
                String id = publisher.config().clientId();
                int sequence = 0;
                while (publishing.get()) {
                    sequence++;
                    publisher.publish(TOPIC_PREFIX + id, (id + " #" + sequence).getBytes(StandardCharsets.UTF_8),
                            Qos.AT_LEAST_ONCE, false);
                    sent.incrementAndGet();
                    sleepQuietly(1000 / MESSAGES_PER_SECOND);
                }
            }, "publishing-" + publisher.config().clientId());
            thread.start();
            threads.add(thread);
        }

        Thread.sleep(2_000);
        LOG.info("Killing relay-a mid-stream");
        cluster.kill("relay-a");
        Thread.sleep(2_000);
        LOG.info("Killing node-3 (a publisher and a subscriber are on it)");
        cluster.kill("node-3");
        Thread.sleep(2_000);
        cluster.restart("relay-a");
        Thread.sleep(1_000);
        cluster.restart("node-3");
        Thread.sleep(3_000);
        publishing.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        for (HaMqttClient publisher : publishers) {
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.metrics().bufferedMessages() == 0);
        }
        LOG.info("Published {} messages in all", sent.get());
        return new Run(subscribers, sent.get());
    }

    private HaMqttClient client(String id, NodeSpec preferred, ContinuityConfig continuity) throws Exception {
        HaMqttClient client = HaMqttClient.create(HaClientConfig.builder()
                .addresses(cluster.description().edgeAddresses())
                .credentials(ClusterLogins.operator(clusterExtension))
                .clientId(id)
                .nodeSelection(NodeSelection.PREFERRED)
                .preferredNode(preferred.address())
                .continuity(continuity)
                .build());
        clusterExtension.closeAfterTest(client);
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }

    private static String summary(ContinuitySnapshot snapshot) {
        StringBuilder text = new StringBuilder();
        for (StreamStats stream : snapshot.streams()) {
            StreamKey key = stream.stream();
            text.append(String.format("%n  %-12s delivered %5d lost %3d dup %3d reordered %3d repaired %3d p50 %d ms p99 %d ms",
                    key.origin(), stream.delivered(), stream.lost(), stream.duplicates(), stream.reordered(),
                    stream.repaired(), stream.latencyP50Millis(), stream.latencyP99Millis()));
        }
        return text.toString();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
