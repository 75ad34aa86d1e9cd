package io.mqttha.dashboard;

import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dashboard window's content: node tiles on top; publishers and continuity on the left; rate and
 * latency charts, the timeline and the retained state on the right; ingest figures at the bottom. It only
 * listens to the {@link DashboardViewModel} and calls its commands.
 */
public final class DashboardView {

    /** The stylesheet on the class path. */
    public static final String STYLESHEET = "/io/mqttha/dashboard/dashboard.css";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneId.systemDefault());

    private final DashboardViewModel model;
    private final BorderPane root = new BorderPane();
    private final ReadOnlyDoubleWrapper framesPerSecond = new ReadOnlyDoubleWrapper();
    private final AnimationTimer frameCounter;

    /**
     * Builds the content for a model.
     *
     * @param model the model to show
     */
    public DashboardView(DashboardViewModel model) {
        this.model = model;
        root.getStylesheets().add(DashboardView.class.getResource(STYLESHEET).toExternalForm());
        root.getStyleClass().add("dashboard");
        root.setTop(new VBox(header(), tiles()));
        SplitPane body = new SplitPane(left(), right());
        body.setDividerPositions(0.5);
        root.setCenter(body);
        root.setBottom(statusBar());
        frameCounter = new AnimationTimer() {
            private long windowStart = -1;
            private int frames;

            @Override
            public void handle(long now) {
                if (windowStart < 0) {
                    windowStart = now;
                }
                frames++;
                if (now - windowStart >= 1_000_000_000L) {
                    framesPerSecond.set(frames * 1e9 / (now - windowStart));
                    frames = 0;
                    windowStart = now;
                }
            }
        };
        frameCounter.start();
    }

    /**
     * The content to put in a scene.
     *
     * @return the root node
     */
    public Parent root() {
        return root;
    }

    /**
     * Frames the JavaFX thread rendered in the latest second: drops below 60 when ingest keeps it busy.
     *
     * @return frames per second
     */
    public ReadOnlyDoubleProperty framesPerSecondProperty() {
        return framesPerSecond.getReadOnlyProperty();
    }

    /** Stops counting frames, for a window that closes. */
    public void dispose() {
        frameCounter.stop();
    }

    private Parent header() {
        Label title = new Label("mqtt-ha");
        title.getStyleClass().add("title");
        Label connection = new Label();
        connection.setId("dashboard-connection");
        connection.textProperty().bind(model.dashboardNodeProperty().map(node -> node.isEmpty()
                ? "dashboard connection: connecting …" : "dashboard connection on " + node).orElse(""));
        Label qosSummary = new Label();
        qosSummary.setId("qos-summary");
        model.revisionProperty().addListener(changed -> qosSummary.setText(qosSummaryText()));
        HBox header = new HBox(18, title, connection, qosSummary);
        header.getStyleClass().add("header");
        return header;
    }

    private String qosSummaryText() {
        StringBuilder text = new StringBuilder();
        for (int qos : DashboardViewModel.QOS_LEVELS) {
            text.append(String.format(Locale.ROOT, "QoS %d: %.0f/s (1 s) %.0f/s (10 s) %.0f/s (60 s)     ", qos,
                    model.ratePerSecond(qos, 1), model.ratePerSecond(qos, 10), model.ratePerSecond(qos, 60)));
        }
        return text.toString().strip();
    }

    private Parent tiles() {
        HBox tiles = new HBox(4);
        tiles.setPadding(new Insets(4, 6, 4, 6));
        tiles.setId("node-tiles");
        for (NodeView node : model.nodes()) {
            tiles.getChildren().add(new NodeTile(node, model.nodeControlUnavailableReason(), model::controlNode));
        }
        return tiles;
    }

    private Parent left() {
        Label publishersTitle = sectionTitle("Publishers");
        TableView<PublisherView> publishers = publishersTable();
        Label continuityTitle = sectionTitle("Continuity per publisher and QoS: Received counted by this window, Delivered to p99 by the SDK");
        TableView<ContinuityRow> continuity = continuityTable();
        VBox.setVgrow(continuity, Priority.ALWAYS);
        VBox left = new VBox(3, publishersTitle, publishers, continuityTitle, continuity);
        left.setPadding(new Insets(4));
        return left;
    }

    private TableView<PublisherView> publishersTable() {
        TableView<PublisherView> table = new TableView<>(model.publishers());
        table.setId("publishers");
        table.setFixedCellSize(24);
        table.setPrefHeight(24 * model.publishers().size() + 30);
        table.setMinHeight(table.getPrefHeight());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(textColumn("Publisher", 90, p -> new ReadOnlyStringWrapper(p.name())));
        TableColumn<PublisherView, PublisherStatus> status = new TableColumn<>("Status");
        status.setPrefWidth(70);
        status.setCellValueFactory(cell -> cell.getValue().statusProperty());
        status.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(PublisherStatus item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(style -> style.startsWith("publisher-"));
                if (empty || item == null) {
                    setText(null);
                } else {
                    setText(item.label());
                    getStyleClass().add("publisher-" + item.label());
                }
            }
        });
        table.getColumns().add(status);
        table.getColumns().add(textColumn("Node", 62, PublisherView::nodeProperty));
        table.getColumns().add(textColumn("QoS", 48, PublisherView::qosLevelsProperty));
        table.getColumns().add(textColumn("Heartbeat", 70, p -> p.heartbeatAgeProperty()
                .map(age -> TimeText.seconds(age) + " ago").orElse("–")));
        table.getColumns().add(textColumn("msg/s", 52, p -> p.ratePerSecondProperty()
                .map(rate -> String.format(Locale.ROOT, "%.1f", rate.doubleValue()))));
        table.getColumns().add(countColumn("Received", 70, PublisherView::receivedProperty));
        table.getColumns().add(countColumn("Sent", 64, PublisherView::sentProperty));
        table.getColumns().add(countColumn("Failovers", 62, PublisherView::failoversProperty));
        TableColumn<PublisherView, PublisherView> actions = new TableColumn<>("Actions");
        actions.setPrefWidth(190);
        actions.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        Optional<String> unavailable = model.publisherControlUnavailableReason();
        actions.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(PublisherView publisher, boolean empty) {
                super.updateItem(publisher, empty);
                if (empty || publisher == null) {
                    setGraphic(null);
                    return;
                }
                HBox buttons = new HBox(2);
                for (ControlAction action : ControlAction.values()) {
                    Button button = new Button(action.label());
                    button.setId(action.label() + "-" + publisher.name());
                    button.getStyleClass().add("control-button");
                    button.setDisable(unavailable.isPresent());
                    button.setOnAction(event -> model.controlPublisher(action, publisher.name()));
                    buttons.getChildren().add(button);
                }
                unavailable.ifPresent(reason -> Tooltip.install(buttons, new Tooltip(reason)));
                setGraphic(buttons);
            }
        });
        table.getColumns().add(actions);
        return table;
    }

    private TableView<ContinuityRow> continuityTable() {
        TableView<ContinuityRow> table = new TableView<>(model.continuity());
        table.setId("continuity");
        table.setFixedCellSize(22);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(textColumn("Publisher", 90, row -> new ReadOnlyStringWrapper(row.publisher())));
        table.getColumns().add(textColumn("QoS", 40, row -> new ReadOnlyStringWrapper(Integer.toString(row.qos()))));
        table.getColumns().add(textColumn("msg/s", 50, row -> row.ratePerSecondProperty()
                .map(rate -> String.format(Locale.ROOT, "%.1f", rate.doubleValue()))));
        table.getColumns().add(countColumn("Received", 72, ContinuityRow::receivedProperty));
        table.getColumns().add(countColumn("Delivered", 72, ContinuityRow::deliveredProperty));
        TableColumn<ContinuityRow, Number> lost = countColumn("Lost", 50, ContinuityRow::lostProperty);
        lost.setId("lost-column");
        table.getColumns().add(lost);
        table.getColumns().add(countColumn("Dup", 48, ContinuityRow::duplicatesProperty));
        table.getColumns().add(countColumn("Reord", 50, ContinuityRow::reorderedProperty));
        table.getColumns().add(countColumn("Repaired", 62, ContinuityRow::repairedProperty));
        table.getColumns().add(tipped(countColumn("p50 ms", 54, ContinuityRow::latencyP50MillisProperty),
                "Median latency of live deliveries; retained copies and repairs are not counted"));
        table.getColumns().add(tipped(countColumn("p99 ms", 54, ContinuityRow::latencyP99MillisProperty),
                "99th percentile latency of live deliveries"));
        table.getColumns().add(tipped(countColumn("Repair p50", 70, ContinuityRow::repairLatencyP50MillisProperty),
                "Median latency of messages delivered by repair, in ms: from their sending, through the gap"
                        + " showing and the repair request, to their arrival"));
        return table;
    }

    private Parent right() {
        SeriesChart rate = new SeriesChart(model, "Message rate per QoS", "msg/s", point -> point.messages());
        rate.setId("rate-chart");
        SeriesChart latency = new SeriesChart(model, "Latency per QoS, mean of each second", "ms",
                SeriesPoint::latencyMeanMillis);
        latency.setId("latency-chart");
        SplitPane charts = new SplitPane(rate, latency);
        charts.setOrientation(Orientation.VERTICAL);

        TableView<TimelineEntry> timeline = new TableView<>(model.timeline());
        timeline.setId("timeline");
        timeline.setFixedCellSize(22);
        timeline.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        timeline.getColumns().add(textColumn("Time", 78, entry -> new ReadOnlyStringWrapper(TIME.format(entry.time()))));
        TableColumn<TimelineEntry, String> kind = textColumn("Event", 120,
                entry -> new ReadOnlyStringWrapper(entry.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        colourByKind(kind);
        timeline.getColumns().add(kind);
        timeline.getColumns().add(textColumn("What happened", 400, entry -> new ReadOnlyStringWrapper(entry.text())));

        TableView<RetainedRow> retained = new TableView<>(model.retained());
        retained.setId("retained");
        retained.setFixedCellSize(22);
        retained.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        retained.getColumns().add(textColumn("Topic", 200, row -> new ReadOnlyStringWrapper(row.topic())));
        retained.getColumns().add(countColumn("Version", 60, RetainedRow::versionProperty));
        retained.getColumns().add(textColumn("From node", 72, RetainedRow::fromNodeProperty));
        retained.getColumns().add(countColumn("Stale ignored", 84, RetainedRow::staleCopiesIgnoredProperty));
        retained.getColumns().add(textColumn("Value", 300, RetainedRow::valueProperty));

        TabPane tabs = new TabPane(new Tab("Timeline", timeline), new Tab("Retained state", retained));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");
        SplitPane right = new SplitPane(charts, tabs);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.5);
        return right;
    }

    private static void colourByKind(TableColumn<TimelineEntry, String> kind) {
        kind.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(style -> style.startsWith("event-"));
                setText(empty ? null : item);
                if (!empty && item != null) {
                    getStyleClass().add("event-" + item.replace(' ', '-'));
                }
            }
        });
    }

    private Parent statusBar() {
        Label ingest = new Label();
        ingest.setId("ingest");
        Runnable refresh = () -> {
            long received = model.messagesReceivedProperty().get();
            long applied = model.messagesAppliedProperty().get();
            ingest.setText(String.format(Locale.ROOT,
                    "Ingest: %,d messages received by the dashboard's subscription, %,d applied to this view "
                            + "(%,d in the latest batch's flight) · %,d batches · %.0f frames/s · %,d stale retained copies ignored",
                    received, applied, Math.max(0, received - applied), model.batchesAppliedProperty().get(),
                    framesPerSecond.get(), model.staleRetainedIgnoredProperty().get()));
        };
        model.revisionProperty().addListener(changed -> refresh.run());
        refresh.run();
        HBox bar = new HBox(ingest);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    private static <S> TableColumn<S, String> textColumn(String title, double width,
            Function<S, ObservableValue<String>> value) {
        TableColumn<S, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> value.apply(cell.getValue()));
        column.setSortable(false);
        return column;
    }

    /** Headers are short; the tooltip says what the figure is. */
    private static <S, T> TableColumn<S, T> tipped(TableColumn<S, T> column, String explanation) {
        Label header = new Label(column.getText());
        header.setTooltip(new Tooltip(explanation));
        column.setText(null);
        column.setGraphic(header);
        return column;
    }

    private static <S> TableColumn<S, Number> countColumn(String title, double width,
            Function<S, ObservableValue<Number>> value) {
        TableColumn<S, Number> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(cell -> value.apply(cell.getValue()));
        column.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                // -1 means "not known yet" throughout the model.
                setText(empty || item == null ? null : item.longValue() < 0 ? "–" : String.format(Locale.ROOT, "%,d", item.longValue()));
                getStyleClass().remove("nonzero-loss");
                if (!empty && item != null && item.longValue() > 0 && "Lost".equals(title)) {
                    getStyleClass().add("nonzero-loss");
                }
            }
        });
        column.getStyleClass().add("number-column");
        return column;
    }
}
