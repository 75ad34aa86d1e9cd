package io.mqttha.dashboard;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.publisher.PublisherTopics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPumpTest {

    @Test
    void handsOverEverythingQueuedInOneBatchAndSkipsWhileABatchIsPending() {
        PublisherTopics topics = new PublisherTopics(PublisherTopics.DEFAULT_PREFIX);
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        DashboardInbox inbox = new DashboardInbox();
        DashboardViewModel model = new DashboardViewModel(DashboardTopology.of(ClusterDescription.standard()), topics,
                clock, DashboardControls.unavailable("none"), inbox::offer);
        List<Runnable> modelThread = new ArrayList<>();
        try (IngestPump pump = new IngestPump(inbox, model, modelThread::add)) {
            for (int i = 0; i < 2500; i++) {
                inbox.offer(new DashboardEvent.MessageArrived(topics.telemetry("publisher-1", io.mqttha.client.Qos.EXACTLY_ONCE),
                        "", 2, false, "127.0.0.1:18831", clock.instant(), -1));
            }
            pump.handOver();
            pump.handOver();
            assertThat(modelThread).hasSize(1);
            modelThread.get(0).run();
            pump.handOver();
            assertThat(modelThread).hasSize(2);
        }
        assertThat(model.batchesAppliedProperty().get()).isEqualTo(1);
        assertThat(model.messagesAppliedProperty().get()).isEqualTo(2500);
        assertThat(model.messagesReceivedProperty().get()).isEqualTo(2500);
        assertThat(model.continuityRow("publisher-1", 2).receivedProperty().get()).isEqualTo(2500);
    }
}
