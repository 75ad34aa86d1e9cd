package io.mqttha.client.internal;

import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttClient;
import io.mqttha.client.OutboundMessage;
import io.mqttha.client.PublishResult;
import io.mqttha.client.Qos;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Stale copies reported many times cost one re-publish each, and none reported after a send is forgotten. */
class RetainedRepublisherTest {

    private final List<String> published = new ArrayList<>();
    private final List<CompletableFuture<PublishResult>> pending = new ArrayList<>();
    private final HaClientConfig config = HaClientConfig.builder().addresses("10.0.0.1:1883").clientId("origin").build();

    /** A client that records publishes and completes them when the test says. */
    private final HaMqttClient client = (HaMqttClient) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HaMqttClient.class}, (proxy, method, arguments) -> switch (method.getName()) {
                case "config" -> config;
                case "publish" -> {
                    published.add(((OutboundMessage) arguments[0]).topic());
                    CompletableFuture<PublishResult> future = new CompletableFuture<>();
                    pending.add(future);
                    yield future;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final RetainedRepublisher republisher = new RetainedRepublisher(client,
            topic -> Optional.of(OutboundMessage.of(topic, new byte[] {1}, Qos.AT_LEAST_ONCE, true)));

    @Test
    void aTopicReportedWhileItWaitsIsRepublishedOnce() {
        for (int i = 0; i < RetainedRepublisher.MAX_OUTSTANDING + 10; i++) {
            republisher.republish("t/" + i);
        }
        republisher.republish("t/" + (RetainedRepublisher.MAX_OUTSTANDING + 5));
        republisher.republish("t/" + (RetainedRepublisher.MAX_OUTSTANDING + 5));
        assertThat(published).hasSize(RetainedRepublisher.MAX_OUTSTANDING);

        completeAll();
        completeAll();

        assertThat(published).hasSize(RetainedRepublisher.MAX_OUTSTANDING + 10).doesNotHaveDuplicates();
    }

    @Test
    void aTopicReportedStaleWhileItsRepublishIsUnderWayIsRepublishedOnceMoreAfterIt() {
        republisher.republish("state");
        republisher.republish("state");
        republisher.republish("state");
        assertThat(published).containsExactly("state");

        completeAll();
        assertThat(published).containsExactly("state", "state");

        completeAll();
        assertThat(published).containsExactly("state", "state");
    }

    private void completeAll() {
        List<CompletableFuture<PublishResult>> now = new ArrayList<>(pending);
        pending.clear();
        now.forEach(future -> future.complete(null));
    }
}
