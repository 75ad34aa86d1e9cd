package io.mqttha.dashboard;

import java.util.Locale;

/** What the dashboard can do to a node or a publisher. */
public enum ControlAction {
    /** SIGKILL, as a crash would (containers: {@code docker compose kill}). */
    KILL,
    /** SIGSTOP: the process keeps its sockets but answers nothing. */
    PAUSE,
    /** SIGCONT after a pause. */
    RESUME,
    /** Stop if running, then start again. */
    RESTART;

    /**
     * The action as typed in a chaos schedule and shown on buttons.
     *
     * @return {@code kill}, {@code pause}, {@code resume} or {@code restart}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
