package io.mqttha.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Username and password sent in every CONNECT. The password never appears in {@link #toString()}.
 *
 * @param username the username, never empty
 * @param password the password as UTF-8 bytes (copied in and out), possibly empty
 */
public record Credentials(String username, byte[] password) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the username is empty
     */
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("Credentials need a non-empty username");
        }
        password = password.clone();
    }

    /**
     * Creates credentials from a text password.
     *
     * @param username the username
     * @param password the password, encoded as UTF-8
     * @return the credentials
     */
    public static Credentials of(String username, String password) {
        return new Credentials(username, Objects.requireNonNull(password, "password").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a copy of the password.
     *
     * @return the password bytes
     */
    @Override
    public byte[] password() {
        return password.clone();
    }

    /** Compares username and password contents. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Credentials that && username.equals(that.username)
                && Arrays.equals(password, that.password);
    }

    /** Hashes username and password contents. */
    @Override
    public int hashCode() {
        return 31 * username.hashCode() + Arrays.hashCode(password);
    }

    /** Shows the username and masks the password. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=****]";
    }
}
