package io.mqttha.brokers.model;

/**
 * A failure to start, find or control the cluster, with a message that is one sentence a person can
 * act on. The command line prints the message alone, never a stack trace.
 */
public class ClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public ClusterException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
