package io.mqttha.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for every connection the client opens, main and probe alike.
 *
 * <p>Without a trust store the JVM's default trusted certificate authorities are used. A key store adds
 * a client certificate (mutual TLS). Stores are read when the client is created, so a wrong path or
 * password fails {@link HaMqttClient#create(HaClientConfig)}, not the first failover.
 */
public final class TlsSettings {

    /** The key store type assumed when none is given: PKCS#12, the JDK's default since Java 9. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";

    private final Path trustStore;
    private final char[] trustStorePassword;
    private final Path keyStore;
    private final char[] keyStorePassword;
    private final String storeType;
    private final boolean hostnameVerification;

    private TlsSettings(Builder builder) {
        this.trustStore = builder.trustStore;
        this.trustStorePassword = builder.trustStorePassword;
        this.keyStore = builder.keyStore;
        this.keyStorePassword = builder.keyStorePassword;
        this.storeType = builder.storeType;
        this.hostnameVerification = builder.hostnameVerification;
    }

    /**
     * TLS trusting the JVM's default certificate authorities, with hostname verification.
     *
     * @return the settings
     */
    public static TlsSettings systemDefaults() {
        return builder().build();
    }

    /**
     * Starts building TLS settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the trust store, if one was given.
     *
     * @return the path of the trust store
     */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /**
     * Returns a copy of the trust store password.
     *
     * @return the password, empty if none
     */
    public char[] trustStorePassword() {
        return trustStorePassword.clone();
    }

    /**
     * Returns the key store holding the client certificate, if one was given.
     *
     * @return the path of the key store
     */
    public Optional<Path> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    /**
     * Returns a copy of the key store password.
     *
     * @return the password, empty if none
     */
    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    /**
     * Returns the type of both stores, e.g. {@code PKCS12} or {@code JKS}.
     *
     * @return the store type
     */
    public String storeType() {
        return storeType;
    }

    /**
     * Tells whether the broker's certificate must match the host name connected to.
     *
     * @return true unless switched off
     */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** Shows the store paths and masks the passwords. */
    @Override
    public String toString() {
        return "TlsSettings[trustStore=" + trustStore + ", keyStore=" + keyStore + ", storeType=" + storeType
                + ", hostnameVerification=" + hostnameVerification + "]";
    }

    /** Builds {@link TlsSettings}; not thread-safe. */
    public static final class Builder {
        private Path trustStore;
        private char[] trustStorePassword = new char[0];
        private Path keyStore;
        private char[] keyStorePassword = new char[0];
        private String storeType = DEFAULT_STORE_TYPE;
        private boolean hostnameVerification = true;

        private Builder() {
        }

        /**
         * Trusts the certificates in this store instead of the JVM's defaults.
         *
         * @param path     the trust store file
         * @param password its password (copied)
         * @return this builder
         */
        public Builder trustStore(Path path, char[] password) {
            this.trustStore = Objects.requireNonNull(path, "path");
            this.trustStorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Presents the client certificate in this store (mutual TLS).
         *
         * @param path     the key store file
         * @param password its password, also used for the key (copied)
         * @return this builder
         */
        public Builder keyStore(Path path, char[] password) {
            this.keyStore = Objects.requireNonNull(path, "path");
            this.keyStorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Sets the type of both stores.
         *
         * @param type a {@link java.security.KeyStore} type such as {@code PKCS12} or {@code JKS}
         * @return this builder
         */
        public Builder storeType(String type) {
            this.storeType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Switches hostname verification; turn it off only for test certificates.
         *
         * @param enabled false to accept a certificate issued for another host
         * @return this builder
         */
        public Builder hostnameVerification(boolean enabled) {
            this.hostnameVerification = enabled;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the immutable settings
         * @throws IllegalArgumentException if the store type is blank
         */
        public TlsSettings build() {
            if (storeType.isBlank()) {
                throw new IllegalArgumentException("TLS store type must not be blank");
            }
            return new TlsSettings(this);
        }
    }
}
