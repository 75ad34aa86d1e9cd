package io.mqttha.dashboard;

import io.mqttha.dashboard.DashboardEvent.ControlCompleted;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The dashboard's kill, pause, resume and restart buttons: an action runs in the background and reports back as
 * a {@link ControlCompleted} event; the request, a refusal and the outcome go to the timeline.
 */
final class ControlCommands {

    /** Where a command's lines go: subject and text, at the clock's time. */
    interface Timeline {
        void add(String subject, String text);
    }

    private final DashboardControls controls;
    private final Consumer<DashboardEvent> results;
    private final Clock clock;
    private final Timeline timeline;

    ControlCommands(DashboardControls controls, Consumer<DashboardEvent> results, Clock clock, Timeline timeline) {
        this.controls = controls;
        this.results = results;
        this.clock = clock;
        this.timeline = timeline;
    }

    /** Does {@code action} to the node {@code name}. */
    void node(ControlAction action, String name) {
        run(controls.nodes(), action, name);
    }

    /** Does {@code action} to the publisher {@code name}. */
    void publisher(ControlAction action, String name) {
        run(controls.publishers(), action, name);
    }

    Optional<String> nodesUnavailable() {
        return controls.nodes().unavailableReason();
    }

    Optional<String> publishersUnavailable() {
        return controls.publishers().unavailableReason();
    }

    private void run(TargetControl target, ControlAction action, String name) {
        String description = action.label() + " " + name;
        Optional<String> unavailable = target.unavailableReason();
        if (unavailable.isPresent()) {
            timeline.add(name, description + " refused: " + unavailable.get());
            return;
        }
        timeline.add(name, description + " requested");
        controls.executor().execute(() -> {
            Optional<String> failure = Optional.empty();
            try {
                target.perform(action, name);
            } catch (Exception e) {
                failure = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            results.accept(new ControlCompleted(description, failure, clock.instant()));
        });
    }
}
