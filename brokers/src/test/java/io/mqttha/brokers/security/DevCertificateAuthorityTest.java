package io.mqttha.brokers.security;

import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.UnknownNodeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs keytool for real; one authority for all checks, because each one costs a few seconds of JVM starts. */
class DevCertificateAuthorityTest {

    private static final List<String> NODES = List.of("node-1", "relay-a");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;

    @TempDir
    static Path directory;
    private static DevCertificateAuthority authority;

    @BeforeAll
    static void createAuthority() {
        authority = DevCertificateAuthority.create(directory.resolve("tls"), NODES, Duration.ofDays(2));
    }

    @Test
    void writesTheCaTheTrustStoreAndThreeFilesPerNodeAndNothingElse() throws IOException {
        try (var files = Files.list(authority.directory())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.crt", "truststore.p12",
                            "node-1.crt", "node-1.key", "node-1.p12", "relay-a.crt", "relay-a.key", "relay-a.p12");
        }
        assertThat(authority.caCertificateFile()).isEqualTo(authority.directory().resolve("ca.crt"));
        assertThat(authority.certificateFile("node-1")).isEqualTo(authority.directory().resolve("node-1.crt"));
        assertThat(authority.privateKeyFile("node-1")).isEqualTo(authority.directory().resolve("node-1.key"));
        assertThat(authority.keyStore("relay-a")).isEqualTo(authority.directory().resolve("relay-a.p12"));
        assertThat(authority.trustStore()).isEqualTo(authority.directory().resolve("truststore.p12"));
        assertThat(authority.nodeNames()).isEqualTo(NODES);
    }

    @Test
    void filesWithPrivateKeysAreReadableByTheirOwnerOnly() throws IOException {
        for (String node : NODES) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authority.privateKeyFile(node)))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authority.keyStore(node)))).isEqualTo("rw-------");
        }
    }

    @Test
    void caCertificateIsACertificateAuthority() throws Exception {
        X509Certificate ca = caCertificate();
        assertThat(ca.getBasicConstraints()).as("path length of a CA; -1 means not a CA").isEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19");
        assertThat(ca.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
    }

    @Test
    void nodeCertificateChainsToTheCaAndNamesLocalhostLoopbackAndTheNode() throws Exception {
        X509Certificate ca = caCertificate();
        for (String node : NODES) {
            List<X509Certificate> chain = certificates(authority.certificateFile(node));
            assertThat(chain).hasSize(2);
            X509Certificate leaf = chain.get(0);
            assertThat(chain.get(1)).isEqualTo(ca);
            assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
            assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=" + node);
            leaf.verify(ca.getPublicKey());
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);

            assertThat(subjectAlternativeNames(leaf)).containsExactlyInAnyOrder(
                    List.of(SAN_DNS, "localhost"), List.of(SAN_IP, "127.0.0.1"), List.of(SAN_DNS, node));
            assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
            assertThat(leaf.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
            assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
            assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        }
    }

    @Test
    void privateKeyFileIsPkcs8PemThatMatchesTheCertificate() throws Exception {
        for (String node : NODES) {
            String pem = Files.readString(authority.privateKeyFile(node), StandardCharsets.US_ASCII);
            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            X509Certificate leaf = certificates(authority.certificateFile(node)).get(0);
            assertThat(signatureVerifies(key, leaf)).isTrue();
        }
    }

    @Test
    void nodeKeyStoreHoldsTheSameKeyAndChainUnderTheNodeName() throws Exception {
        KeyStore store = load(authority.keyStore("node-1"), authority.keyStorePassword());
        PrivateKey key = (PrivateKey) store.getKey("node-1", authority.keyStorePassword());
        assertThat(store.getCertificateChain("node-1")).containsExactlyElementsOf(certificates(authority.certificateFile("node-1")));
        assertThat(signatureVerifies(key, (X509Certificate) store.getCertificate("node-1"))).isTrue();
    }

    @Test
    void trustStoreHoldsOnlyTheCaCertificate() throws Exception {
        KeyStore trustStore = load(authority.trustStore(), authority.trustStorePassword());
        assertThat(Collections.list(trustStore.aliases())).containsExactly(DevCertificateAuthority.TRUST_STORE_ALIAS);
        assertThat(trustStore.isCertificateEntry(DevCertificateAuthority.TRUST_STORE_ALIAS)).isTrue();
        assertThat(trustStore.getCertificate(DevCertificateAuthority.TRUST_STORE_ALIAS)).isEqualTo(caCertificate());
    }

    @Test
    void certificatesLastTheValidityRoundedUpToWholeDaysAndTheCaOneDayLonger() throws Exception {
        Instant expected = Instant.now().plus(2, ChronoUnit.DAYS);
        assertThat(authority.notAfter()).isBetween(expected.minus(10, ChronoUnit.MINUTES), expected);
        assertThat(caCertificate().getNotAfter().toInstant()).isAfter(authority.notAfter().plus(23, ChronoUnit.HOURS));
    }

    @Test
    void passwordsAreRandomCopiesAndNotInToString() {
        char[] keyStorePassword = authority.keyStorePassword();
        char[] trustStorePassword = authority.trustStorePassword();
        assertThat(keyStorePassword).hasSize(24).isNotEqualTo(trustStorePassword);
        keyStorePassword[0] ^= 1;
        assertThat(authority.keyStorePassword()).isNotEqualTo(keyStorePassword);
        assertThat(authority.toString())
                .contains("node-1", "relay-a")
                .doesNotContain(new String(authority.keyStorePassword()))
                .doesNotContain(new String(trustStorePassword));
    }

    @Test
    void unknownNodeIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> authority.privateKeyFile("node-9"))
                .isInstanceOf(UnknownNodeException.class)
                .hasMessageContaining("node-9")
                .hasMessageContaining("node-1, relay-a");
    }

    @Test
    void rejectsNamesThatAreNotDnsLabelsOrWouldClashWithTheAuthoritysFiles(@TempDir Path elsewhere) {
        for (String name : List.of("Node-1", "node_1", "-node", "node-", "", "../node", "a".repeat(64))) {
            assertThatThrownBy(() -> DevCertificateAuthority.create(elsewhere, List.of(name)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a lower-case DNS label");
        }
        assertThatThrownBy(() -> DevCertificateAuthority.create(elsewhere, List.of("ca")))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> DevCertificateAuthority.create(elsewhere, List.of("truststore")))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> DevCertificateAuthority.create(elsewhere, List.of("node-1", "node-1")))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> DevCertificateAuthority.create(elsewhere, List.of("node-1"), Duration.ZERO))
                .hasMessageContaining("must be positive");
    }

    @Test
    void keytoolIsFoundNextToTheRunningJavaAndItsAbsenceIsOneSentence(@TempDir Path emptyJdk) {
        assertThat(Keytool.locate()).isExecutable();
        assertThatThrownBy(() -> Keytool.locate(Optional.of(emptyJdk.resolve("bin/java").toString()), emptyJdk.toString(), null))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("keytool was not found next to the running java or in JAVA_HOME")
                .hasMessageContaining(emptyJdk.resolve("bin/keytool").toString())
                .hasMessageEndingWith("run on a full JDK, or set JAVA_HOME to one.");
        Path realJavaHome = Path.of(System.getProperty("java.home"));
        assertThat(Keytool.locate(Optional.empty(), emptyJdk.toString(), realJavaHome.toString()))
                .isEqualTo(realJavaHome.resolve("bin/keytool"));
    }

    @Test
    void aFailingKeytoolCommandReportsKeytoolsReason(@TempDir Path workingDirectory) {
        Keytool keytool = new Keytool(Keytool.locate(), workingDirectory);
        assertThatThrownBy(() -> keytool.run("list a missing key store", Map.of("PASSWORD", "secret-1".toCharArray()),
                "-list", "-keystore", "missing.p12", "-storepass:env", "PASSWORD"))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("keytool could not list a missing key store: ")
                .hasMessageContaining("missing.p12")
                .hasMessageNotContaining("secret-1");
    }

    private static X509Certificate caCertificate() throws Exception {
        List<X509Certificate> certificates = certificates(authority.caCertificateFile());
        assertThat(certificates).hasSize(1);
        return certificates.get(0);
    }

    private static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        }
    }

    private static List<List<Object>> subjectAlternativeNames(X509Certificate certificate) throws GeneralSecurityException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        return names.stream().map(name -> List.<Object>copyOf(name)).toList();
    }

    private static boolean signatureVerifies(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        byte[] challenge = "the key belongs to this certificate".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(challenge);
        return verifier.verify(signature);
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(DevCertificateAuthority.KEY_STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
