package io.mqttha.dashboard;

import java.util.Optional;

/**
 * Kills, pauses, resumes and restarts nodes or publishers, or explains why it cannot.
 */
public interface TargetControl {

    /**
     * Why the controls are disabled.
     *
     * @return a sentence for the buttons' tooltip, empty when the controls work
     */
    Optional<String> unavailableReason();

    /**
     * Performs an action; blocks until it is done (a restart until the target answers again).
     *
     * @param action the action
     * @param target a node name such as {@code node-3} or a publisher name such as {@code publisher-3}
     * @throws Exception with a sentence saying what went wrong
     */
    void perform(ControlAction action, String target) throws Exception;

    /**
     * Controls that do nothing and say why.
     *
     * @param reason the tooltip sentence
     * @return disabled controls
     */
    static TargetControl unavailable(String reason) {
        return new TargetControl() {
            @Override
            public Optional<String> unavailableReason() {
                return Optional.of(reason);
            }

            @Override
            public void perform(ControlAction action, String target) {
                throw new IllegalStateException(reason);
            }
        };
    }
}
