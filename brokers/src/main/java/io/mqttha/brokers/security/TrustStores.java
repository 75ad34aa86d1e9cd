package io.mqttha.brokers.security;

import io.mqttha.brokers.model.ClusterException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS sockets that trust exactly the certificates of one trust store, for the cluster's own probes. */
public final class TrustStores {

    private TrustStores() {
    }

    /**
     * A socket factory that accepts only servers whose certificate chains to one in {@code trustStore}.
     *
     * @param trustStore a {@link DevCertificateAuthority#KEY_STORE_TYPE} store, such as a run's {@code truststore.p12}
     * @param password   its password
     * @throws ClusterException when the store cannot be read
     */
    public static SSLSocketFactory socketFactory(Path trustStore, char[] password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(DevCertificateAuthority.KEY_STORE_TYPE);
            store.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new ClusterException("Could not load the TLS trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }
}
