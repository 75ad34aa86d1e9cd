package io.mqttha.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsSettingsTest {

    @TempDir
    Path directory;

    private HaClientConfig config(TlsSettings tls) {
        return HaClientConfig.builder().addresses("127.0.0.1:8883").tls(tls).build();
    }

    @Test
    void storesAreReadWhenTheClientIsCreated() throws Exception {
        char[] password = "changeit".toCharArray();
        Path store = directory.resolve("trust.p12");
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, password);
        try (OutputStream out = Files.newOutputStream(store)) {
            empty.store(out, password);
        }
        TlsSettings tls = TlsSettings.builder().trustStore(store, password).keyStore(store, password)
                .hostnameVerification(false).build();

        try (HaMqttClient client = HaMqttClient.create(config(tls))) {
            assertThat(client.config().tls()).contains(tls);
        }
    }

    @Test
    void anUnreadableStoreFailsCreationNamingTheFile() {
        Path missing = directory.resolve("missing.p12");
        TlsSettings tls = TlsSettings.builder().trustStore(missing, new char[0]).build();

        assertThatThrownBy(() -> HaMqttClient.create(config(tls)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void passwordsStayOutOfToString() {
        TlsSettings tls = TlsSettings.builder().trustStore(directory.resolve("t.p12"), "hunter2".toCharArray()).build();
        assertThat(tls.toString()).contains("t.p12").doesNotContain("hunter2");
        assertThat(Credentials.of("bob", "hunter2").toString()).doesNotContain("hunter2");
    }
}
