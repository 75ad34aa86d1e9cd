package io.mqttha.dashboard;

import javafx.beans.Observable;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One node's tile: its state in text and colour, round trip, time since last seen, the relay it is bridged
 * to, the publishers and dashboard connection on it, and its kill/pause/resume/restart buttons.
 */
final class NodeTile extends VBox {

    /** Tile width: nine tiles fit a 1600-pixel window side by side. */
    static final double WIDTH = 172;

    private final NodeView node;
    private final Label state = new Label();
    private final Label roundTrip = new Label();
    private final Label lastSeen = new Label();
    private final Label bridge = new Label();
    private final Label occupants = new Label();

    NodeTile(NodeView node, Optional<String> controlsUnavailable, BiConsumer<ControlAction, String> control) {
        this.node = node;
        setId("tile-" + node.name());
        getStyleClass().add("node-tile");
        setPrefWidth(WIDTH);
        setMinWidth(WIDTH);
        setSpacing(2);
        setPadding(new Insets(6));

        Label name = new Label(node.name() + (node.info().relay() ? "  (relay)" : ""));
        name.getStyleClass().add("tile-name");
        Label address = new Label(node.info().address());
        address.getStyleClass().add("tile-detail");
        state.setId("state-" + node.name());
        state.getStyleClass().add("tile-state");
        state.setMaxWidth(Double.MAX_VALUE);
        for (Label detail : new Label[] {roundTrip, lastSeen, bridge, occupants}) {
            detail.getStyleClass().add("tile-detail");
        }
        occupants.setWrapText(true);
        occupants.setMinHeight(30);

        FlowPane buttons = new FlowPane(2, 2);
        buttons.setPrefWrapLength(WIDTH - 12);
        for (ControlAction action : ControlAction.values()) {
            Button button = new Button(action.label());
            button.setId(action.label() + "-" + node.name());
            button.getStyleClass().add("control-button");
            if (controlsUnavailable.isPresent()) {
                button.setDisable(true);
            } else {
                button.setOnAction(event -> control.accept(action, node.name()));
            }
            buttons.getChildren().add(button);
        }
        // A disabled button shows no tooltip, so the reason hangs on the row that holds the buttons.
        controlsUnavailable.ifPresent(reason -> Tooltip.install(buttons, new Tooltip(reason)));

        getChildren().addAll(name, address, state, roundTrip, lastSeen, bridge, occupants, buttons);
        for (Observable property : new Observable[] {node.statusProperty(), node.roundTripMillisProperty(),
                node.sinceLastSeenProperty(), node.bridgedToProperty(), node.publishersHereProperty(),
                node.dashboardHereProperty()}) {
            property.addListener(changed -> refresh());
        }
        refresh();
    }

    private void refresh() {
        NodeStatus status = node.status();
        state.setText(status.label().toUpperCase(java.util.Locale.ROOT));
        state.getStyleClass().removeIf(style -> style.startsWith("state-"));
        state.getStyleClass().add("state-" + status.label());
        getStyleClass().removeIf(style -> style.startsWith("tile-state-"));
        getStyleClass().add("tile-state-" + status.label());
        long rtt = node.roundTripMillisProperty().get();
        roundTrip.setText("round trip " + (rtt < 0 ? "–" : rtt + " ms"));
        Duration seen = node.sinceLastSeenProperty().get();
        lastSeen.setText("last seen " + (seen == null ? "never" : TimeText.seconds(seen) + " ago"));
        if (node.info().relay()) {
            bridge.setText("backbone relay");
        } else {
            String relay = node.bridgedToProperty().get();
            bridge.setText("bridged to " + (relay.isEmpty() ? "–" : relay));
        }
        String publishers = node.publishersHereProperty().get();
        String here = node.dashboardHereProperty().get() ? "dashboard" : "";
        String both = publishers.isEmpty() ? here : here.isEmpty() ? publishers : publishers + ", " + here;
        occupants.setText("on it: " + (both.isEmpty() ? "–" : both));
    }
}
