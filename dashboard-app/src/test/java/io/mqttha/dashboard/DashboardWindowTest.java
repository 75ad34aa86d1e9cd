package io.mqttha.dashboard;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.testing.MutableClock;
import io.mqttha.client.Qos;
import io.mqttha.dashboard.DashboardEvent.MessageArrived;
import io.mqttha.dashboard.DashboardEvent.NodeProbed;
import io.mqttha.publisher.PublisherTopics;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The window over a view-model fed synthetic events, headless through Monocle. */
@ExtendWith(ApplicationExtension.class)
class DashboardWindowTest {

    private static final PublisherTopics TOPICS = new PublisherTopics(PublisherTopics.DEFAULT_PREFIX);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T12:00:00Z"));
    private final List<String> performed = new CopyOnWriteArrayList<>();
    private final List<DashboardEvent> results = new CopyOnWriteArrayList<>();
    private DashboardViewModel model;

    @Start
    void start(Stage stage) {
        TargetControl nodes = new TargetControl() {
            @Override
            public Optional<String> unavailableReason() {
                return Optional.empty();
            }

            @Override
            public void perform(ControlAction action, String target) {
                performed.add(action.label() + " " + target);
            }
        };
        model = new DashboardViewModel(DashboardTopology.of(ClusterDescription.standard()), TOPICS, clock,
                new DashboardControls(nodes, TargetControl.unavailable("Publishers run elsewhere in this test."), Runnable::run),
                results::add);
        stage.setScene(new Scene(new DashboardView(model).root(), DashboardWindow.WIDTH, DashboardWindow.HEIGHT));
        stage.show();
    }

    private void apply(DashboardEvent... events) {
        WaitForAsyncUtils.asyncFx(() -> model.apply(List.of(events)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void showsNodeStatesInTextAndTheKillButtonCallsTheControl(FxRobot robot) {
        apply(new NodeProbed("node-3", NodeStatus.UP, Optional.of(Duration.ofMillis(4)), clock.instant()));
        assertThat(robot.lookup("#state-node-3").queryAs(Label.class).getText()).isEqualTo("UP");

        robot.clickOn("#kill-node-3");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(performed).containsExactly("kill node-3");

        apply(new NodeProbed("node-3", NodeStatus.DOWN, Optional.empty(), clock.instant()));
        assertThat(robot.lookup("#state-node-3").queryAs(Label.class).getText()).isEqualTo("DOWN");
        assertThat(robot.lookup("#tile-node-3").query().getStyleClass()).contains("tile-state-down");
    }

    @Test
    void disablesPublisherControlsWhenUnavailable(FxRobot robot) {
        Button kill = robot.lookup("#kill-publisher-2").queryAs(Button.class);
        assertThat(kill.isDisabled()).isTrue();
        Node buttons = kill.getParent();
        assertThat(buttons.getProperties().values()).filteredOn(Tooltip.class::isInstance)
                .singleElement().extracting(tooltip -> ((Tooltip) tooltip).getText())
                .isEqualTo("Publishers run elsewhere in this test.");
    }

    @Test
    void showsAPublisherGoingOffline(FxRobot robot) {
        apply(new MessageArrived(TOPICS.status("publisher-5"), "online", 1, true, "127.0.0.1:18835", clock.instant(), -1),
                new MessageArrived(TOPICS.heartbeat("publisher-5"), "{\"node\":\"127.0.0.1:18835\",\"sent\":{\"qos0\":1},\"failovers\":0}",
                        0, false, "127.0.0.1:18835", clock.instant(), -1));
        assertThat(cellText(robot, "#publishers", 4, 1)).isEqualTo("online");
        assertThat(cellText(robot, "#publishers", 4, 2)).isEqualTo("node-5");

        apply(new MessageArrived(TOPICS.status("publisher-5"), "offline", 1, true, "127.0.0.1:18831", clock.instant(), -1));
        assertThat(cellText(robot, "#publishers", 4, 1)).isEqualTo("offline");
    }

    @Test
    void countersInTheViewMatchTheViewModel(FxRobot robot) {
        List<DashboardEvent> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String publisher = "publisher-" + (i % 7 + 1);
            batch.add(new MessageArrived(TOPICS.telemetry(publisher, Qos.of(i % 3)), "", i % 3, false, "127.0.0.1:18831",
                    clock.instant(), 3));
        }
        apply(batch.toArray(DashboardEvent[]::new));

        TableView<?> continuity = robot.lookup("#continuity").queryAs(TableView.class);
        Set<Integer> visibleRows = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (int row : visibleRows) {
            ContinuityRow expected = model.continuity().get(row);
            assertThat(cellText(robot, "#continuity", row, 3))
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%,d", expected.receivedProperty().get()));
        }
        assertThat(continuity.getItems()).hasSize(21);
        assertThat(robot.lookup("#ingest").queryAs(Label.class).getText())
                .contains(String.format(java.util.Locale.ROOT, "%,d applied", model.messagesAppliedProperty().get()))
                .contains("3,000 applied");
    }

    /** The text a table cell shows on screen, found through the rendered cells rather than the model. */
    private static String cellText(FxRobot robot, String table, int row, int column) {
        TableView<?> view = robot.lookup(table).queryAs(TableView.class);
        return robot.from(view).lookup(".table-row-cell").queryAll().stream()
                .map(node -> (javafx.scene.control.TableRow<?>) node)
                .filter(tableRow -> tableRow.getIndex() == row)
                .findFirst()
                .map(tableRow -> tableRow.getChildrenUnmodifiable().stream()
                        .filter(cell -> cell instanceof javafx.scene.control.TableCell<?, ?> tableCell
                                && tableCell.getTableColumn() == view.getColumns().get(column))
                        .map(cell -> ((javafx.scene.control.TableCell<?, ?>) cell).getText())
                        .findFirst().orElse(null))
                .orElse(null);
    }
}
