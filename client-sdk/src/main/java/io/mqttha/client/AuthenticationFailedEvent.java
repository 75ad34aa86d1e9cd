package io.mqttha.client;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A node refused this client's credentials; it is now {@link NodeState#REFUSED}. Reported for every refused
 * connection, the client's own and its health probes' alike, so at most about twice per
 * {@link HaClientConfig#authenticationRetryInterval()} and node.
 *
 * @param node       the node that refused
 * @param reasonCode the CONNACK code as the broker sent it: MQTT 5 reason code 0x86, 0x87 or 0x8C, or
 *                   MQTT 3.1.1 return code 4 or 5
 * @param reason     the code in words, e.g. {@code "not authorized"}
 * @param retryAt    the earliest time the client connects to this node again
 * @param cause      the failure, naming the node and the code; never containing a password
 * @param time       when the refusal arrived
 */
public record AuthenticationFailedEvent(BrokerAddress node, int reasonCode, String reason, Instant retryAt,
        AuthenticationFailedException cause, Instant time) {

    /** Checks that no component is null. */
    public AuthenticationFailedEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(retryAt, "retryAt");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(time, "time");
    }

    /** Shows every component, the code as MQTT documents write it (hexadecimal for MQTT 5). */
    @Override
    public String toString() {
        String code = reasonCode >= 0x80 ? "0x" + Integer.toHexString(reasonCode).toUpperCase(Locale.ROOT)
                : Integer.toString(reasonCode);
        return "AuthenticationFailedEvent[node=" + node + ", reasonCode=" + code + ", reason=" + reason + ", retryAt="
                + retryAt + ", cause=" + cause + ", time=" + time + "]";
    }
}
