package io.mqttha.brokers;

import java.util.Locale;

/** What can be done to one node of a {@link LocalCluster} on purpose. */
public enum NodeAction {
    /** SIGKILL, as a crash would. */
    KILL("killed"),
    /** SIGSTOP: the broker keeps its sockets and accepts TCP, but answers nothing. */
    PAUSE("paused"),
    /** SIGCONT after a pause. */
    RESUME("resumed"),
    /** Stop if running, start again on the same port, wait until it answers MQTT. */
    RESTART("restarted and answering MQTT");

    private final String done;

    NodeAction(String done) {
        this.done = done;
    }

    /**
     * The action as typed on the command line.
     *
     * @return {@code kill}, {@code pause}, {@code resume} or {@code restart}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What the node is once the action is done, for a sentence such as "node-3 killed".
     *
     * @return the past tense
     */
    public String pastTense() {
        return done;
    }
}
