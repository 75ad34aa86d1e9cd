package io.mqttha.demo;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.Qos;
import io.mqttha.dashboard.DashboardControls;
import io.mqttha.dashboard.DashboardSession;
import io.mqttha.dashboard.DashboardTopology;
import io.mqttha.dashboard.DashboardView;
import io.mqttha.dashboard.DashboardWindow;
import io.mqttha.dashboard.TargetControl;
import io.mqttha.publisher.PublisherNode;
import io.mqttha.publisher.PublisherSettings;
import io.mqttha.publisher.PublisherTopics;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window over a real cluster on free ports and one real publisher, driven headless through
 * Monocle: the buttons kill and restart a broker process, and the tiles follow.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardWindowIT {

    @TempDir
    static Path runDirectory;

    private static LocalCluster cluster;
    private static PublisherNode publisher;
    private static DashboardSession session;

    @BeforeAll
    static void startClusterAndPublisher() {
        cluster = LocalCluster.start(ClusterDescription.standard().onFreePorts(), runDirectory);
        ClusterDescription description = cluster.description();
        NodeSpec node3 = description.node("node-3");
        publisher = new PublisherNode(new PublisherSettings(3,
                description.edges().stream().map(edge -> BrokerAddress.parse(edge.address())).toList(),
                BrokerAddress.parse(node3.address()), new PublisherTopics(PublisherTopics.DEFAULT_PREFIX),
                Map.of(Qos.AT_MOST_ONCE, 10.0, Qos.AT_LEAST_ONCE, 10.0, Qos.EXACTLY_ONCE, 10.0),
                Map.of(Qos.AT_MOST_ONCE, 32, Qos.AT_LEAST_ONCE, 32, Qos.EXACTLY_ONCE, 32),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1), Optional.empty(),
                Optional.of(credentials(AccessPolicy.publisherName(3))), Optional.empty()));
        publisher.start();
    }

    @AfterAll
    static void stopEverything() {
        // Each step runs even when an earlier one fails: the brokers must never outlive the test.
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            try {
                if (publisher != null) {
                    publisher.close();
                }
            } finally {
                if (cluster != null) {
                    cluster.close();
                }
            }
        }
    }

    private static Credentials credentials(String username) {
        Login login = cluster.login(username);
        return Credentials.of(login.username(), login.password());
    }

    @Start
    void start(Stage stage) {
        session = new DashboardSession(DashboardTopology.of(cluster.description())
                        .withCredentials(credentials(AccessPolicy.DASHBOARD)),
                edge -> cluster.bridgedTo(edge).map(NodeSpec::name),
                new DashboardControls(new LocalNodeControl(cluster),
                        TargetControl.unavailable("This test runs its publisher in-process."), Executors.newSingleThreadExecutor()),
                Clock.systemUTC(), Platform::runLater);
        stage.setScene(new Scene(new DashboardView(session.viewModel()).root(), DashboardWindow.WIDTH, DashboardWindow.HEIGHT));
        stage.show();
        session.start();
    }

    private static String state(FxRobot robot, String node) {
        return robot.lookup("#state-" + node).queryAs(Label.class).getText();
    }

    @Test
    void killAndRestartButtonsTakeANodeDownAndUpAndAStoppedPublisherShowsOffline(FxRobot robot) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(state(robot, "node-3")).isEqualTo("UP");
            assertThat(state(robot, "relay-a")).isEqualTo("UP");
            assertThat(publisherStatus(robot)).isEqualTo("online");
        });

        robot.clickOn("#kill-node-3");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(state(robot, "node-3")).isEqualTo("DOWN"));

        robot.clickOn("#restart-node-3");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(state(robot, "node-3")).isEqualTo("UP"));

        publisher.stop(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(publisherStatus(robot)).isEqualTo("offline"));
    }

    /** publisher-3's status cell as rendered in the publishers table. */
    private static String publisherStatus(FxRobot robot) {
        return robot.lookup("#publishers .table-cell").queryAll().stream()
                .map(node -> (TableCell<?, ?>) node)
                .filter(cell -> cell.getIndex() == 2 && "Status".equals(cell.getTableColumn().getText()))
                .map(TableCell::getText)
                .findFirst().orElse(null);
    }
}
