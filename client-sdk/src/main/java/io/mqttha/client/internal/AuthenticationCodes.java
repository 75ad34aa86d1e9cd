package io.mqttha.client.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CONNACK codes that mean "your credentials or rights", not "I am unwell". MQTT 5 reason codes and
 * MQTT 3.1.1 return codes do not overlap, so one table serves both protocols.
 */
final class AuthenticationCodes {

    private static final Map<Integer, String> REASONS = Map.of(
            0x86, "bad user name or password",
            0x87, "not authorized",
            0x8C, "bad authentication method",
            4, "bad user name or password",
            5, "not authorized");

    private AuthenticationCodes() {
    }

    /** The code in words if it is an authentication or authorisation refusal, else empty. */
    static Optional<String> reason(int code) {
        return Optional.ofNullable(REASONS.get(code));
    }

    /** The code in words, or a neutral text for a code outside the table. */
    static String describe(int code) {
        return reason(code).orElse("refused");
    }

    /** The code as MQTT documents write it: hexadecimal for MQTT 5, decimal for MQTT 3.1.1. */
    static String format(int code) {
        return code >= 0x80 ? "reason code 0x" + Integer.toHexString(code).toUpperCase(Locale.ROOT)
                : "return code " + code;
    }
}
