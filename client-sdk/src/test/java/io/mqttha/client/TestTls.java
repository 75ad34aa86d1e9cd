package io.mqttha.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Throw-away TLS material made with the JDK's keytool, so tests need no openssl: a self-signed broker
 * certificate for 127.0.0.1 (PEM, for mosquitto), a trust store holding it and a client key store, each
 * store protected by the password the test chooses.
 *
 * @param serverCertificate the broker's certificate, PEM
 * @param serverKey         the broker's private key, unencrypted PKCS#8 PEM
 * @param trustStore        PKCS#12 store trusting the broker's certificate
 * @param keyStore          PKCS#12 store with a client key and certificate
 */
record TestTls(Path serverCertificate, Path serverKey, Path trustStore, Path keyStore) {

    /** Protects only the intermediate broker store, which the client never sees. */
    private static final char[] BROKER_STORE_PASSWORD = "broker-store".toCharArray();

    static TestTls create(Path directory, char[] trustStorePassword, char[] keyStorePassword)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path brokerStore = directory.resolve("broker.p12");
        genKeyPair(directory, brokerStore, "broker", BROKER_STORE_PASSWORD, true);
        Path keyStore = directory.resolve("client.p12");
        genKeyPair(directory, keyStore, "client", keyStorePassword, false);

        KeyStore broker = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(brokerStore)) {
            broker.load(in, BROKER_STORE_PASSWORD);
        }
        Certificate certificate = broker.getCertificate("broker");
        Key key = broker.getKey("broker", BROKER_STORE_PASSWORD);
        Path certificatePem = directory.resolve("broker-cert.pem");
        Path keyPem = directory.resolve("broker-key.pem");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, trustStorePassword);
        trust.setCertificateEntry("broker", certificate);
        Path trustStore = directory.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, trustStorePassword);
        }
        return new TestTls(certificatePem, keyPem, trustStore, keyStore);
    }

    private static void genKeyPair(Path directory, Path store, String alias, char[] password, boolean forLocalHost)
            throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", alias,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + alias,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(password)));
        if (forLocalHost) {
            command.addAll(List.of("-ext", "san=ip:" + SecuredMosquitto.HOST));
        }
        SecuredMosquitto.run(command, directory, directory.resolve(alias + "-keytool.log"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
