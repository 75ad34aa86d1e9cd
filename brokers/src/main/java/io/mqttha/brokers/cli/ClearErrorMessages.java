package io.mqttha.brokers.cli;

import io.mqttha.brokers.model.ClusterException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns a failed command into one sentence on standard error and exit code 1. A {@link ClusterException}
 * already is that sentence; anything else is a bug, reported with its type so that it can be filed,
 * and with its stack trace only when {@value #DEBUG_VARIABLE} is set.
 */
public final class ClearErrorMessages implements IExecutionExceptionHandler {

    /** Set this environment variable to any value to see stack traces of unexpected errors. */
    public static final String DEBUG_VARIABLE = "MQTT_HA_DEBUG";
    /** Exit code of a command that failed. */
    public static final int FAILURE_EXIT_CODE = 1;

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        String program = commandLine.getCommandSpec().root().name();
        if (exception instanceof ClusterException) {
            commandLine.getErr().println(program + ": " + exception.getMessage());
        } else {
            commandLine.getErr().println(program + ": unexpected " + exception.getClass().getSimpleName() + ": "
                    + exception.getMessage() + (System.getenv(DEBUG_VARIABLE) == null
                    ? " (set " + DEBUG_VARIABLE + "=1 for details)" : ""));
            if (System.getenv(DEBUG_VARIABLE) != null) {
                exception.printStackTrace(commandLine.getErr());
            }
        }
        commandLine.getErr().flush();
        return FAILURE_EXIT_CODE;
    }
}
