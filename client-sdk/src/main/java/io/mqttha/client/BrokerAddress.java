package io.mqttha.client;

import java.util.Objects;

/**
 * The network address of one broker node, written {@code host:port}.
 *
 * <p>IPv6 literals are written in brackets, {@code [::1]:1883}. {@link #toString()} gives the same form
 * back, so an address round-trips through {@link #parse(String)}.
 *
 * @param host host name or IP literal (without brackets), never blank
 * @param port TCP port, 1 to 65535
 */
public record BrokerAddress(String host, int port) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the host is blank or contains whitespace, or the port is out of range
     */
    public BrokerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Broker host '" + host + "' must be non-blank and without whitespace");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Broker port " + port + " of host '" + host + "' is not in 1..65535");
        }
    }

    /**
     * Parses {@code host:port} (or {@code [ipv6]:port}); surrounding whitespace is ignored.
     *
     * @param text the address as text
     * @return the parsed address
     * @throws IllegalArgumentException naming {@code text} if it is not a valid address
     */
    public static BrokerAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String entry = text.strip();
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw malformed(text, "expected host:port");
        }
        String host = entry.substring(0, colon);
        String portText = entry.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw malformed(text, "IPv6 hosts must be written in brackets, e.g. [::1]:1883");
        }
        if (!portText.chars().allMatch(c -> c >= '0' && c <= '9') || portText.length() > 5) {
            throw malformed(text, "port '" + portText + "' is not a number");
        }
        try {
            return new BrokerAddress(host, Integer.parseInt(portText));
        } catch (IllegalArgumentException e) {
            throw malformed(text, e.getMessage());
        }
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("Malformed broker address '" + text + "': " + why);
    }

    /** Returns {@code host:port}, with IPv6 hosts in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
