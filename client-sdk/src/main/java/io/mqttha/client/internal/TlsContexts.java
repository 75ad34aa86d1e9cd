package io.mqttha.client.internal;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.mqttha.client.TlsSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;

/** Turns {@link TlsSettings} into the HiveMQ client's TLS configuration, reading the stores once. */
final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * Reads the stores named in the settings.
     *
     * @throws IllegalArgumentException naming the store that cannot be read
     */
    static MqttClientSslConfig sslConfig(TlsSettings tls) {
        MqttClientSslConfigBuilder b = MqttClientSslConfig.builder();
        // Copies of the passwords, wiped once the stores are read, so that no extra copy outlives the call.
        char[] trustStorePassword = tls.trustStorePassword();
        char[] keyStorePassword = tls.keyStorePassword();
        try {
            if (tls.trustStore().isPresent()) {
                KeyStore store = load(tls.trustStore().get(), trustStorePassword, tls.storeType());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                b.trustManagerFactory(tmf);
            }
            if (tls.keyStore().isPresent()) {
                KeyStore store = load(tls.keyStore().get(), keyStorePassword, tls.storeType());
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, keyStorePassword);
                b.keyManagerFactory(kmf);
            }
        } catch (GeneralSecurityException e) {
            // The settings' text masks the passwords, and the JDK's messages never quote them.
            throw new IllegalArgumentException("Cannot use TLS settings " + tls + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(trustStorePassword, '\0');
            Arrays.fill(keyStorePassword, '\0');
        }
        if (!tls.hostnameVerification()) {
            b.hostnameVerifier((host, session) -> true);
        }
        return b.build();
    }

    private static KeyStore load(Path path, char[] password, String type) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + type + " store " + path + ": " + e.getMessage(), e);
        }
        return store;
    }
}
