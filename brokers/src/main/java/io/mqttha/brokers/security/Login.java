package io.mqttha.brokers.security;

import java.util.Objects;

/**
 * A username and its password for one of the cluster's identities. The password never appears in
 * {@link #toString()}.
 *
 * @param username the identity's name, which is also what the broker's ACL grants rights to
 * @param password the password generated for this cluster run
 */
public record Login(String username, String password) {

    /** Validates the fields. */
    public Login {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("A username must be non-empty and free of ':', was '" + username + "'");
        }
    }

    /** Shows the username and masks the password. */
    @Override
    public String toString() {
        return "Login[username=" + username + ", password=****]";
    }
}
