package io.mqttha.brokers.security;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.UnknownNodeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throw-away certificate authority for one cluster run, and the certificates it signed for the
 * cluster's nodes, written as the files Mosquitto and Java clients read. Made with the running JDK's
 * own tools only, no OpenSSL and no extra library: {@code keytool -genkeypair}, {@code -certreq} and
 * {@code -gencert} for the steps the JDK has no public API for, the {@link KeyStore} API for the rest.
 *
 * <p>{@link #create} writes into its directory:
 * <ul>
 *   <li>{@value #CA_CERTIFICATE_FILE_NAME}: the CA certificate (PEM), Mosquitto's {@code cafile} and
 *       {@code bridge_cafile};</li>
 *   <li>{@code NODE.crt}: the node's certificate followed by the CA's (PEM), Mosquitto's {@code certfile};</li>
 *   <li>{@code NODE.key}: the node's private key, unencrypted PKCS#8 PEM, Mosquitto's {@code keyfile};</li>
 *   <li>{@code NODE.p12}: the node's key and certificate chain as a PKCS12 key store for Java, with
 *       {@link #keyStorePassword()};</li>
 *   <li>{@value #TRUST_STORE_FILE_NAME}: a PKCS12 trust store holding the CA certificate, for Java
 *       clients, with {@link #trustStorePassword()}.</li>
 * </ul>
 * Every node certificate names {@code DNS:localhost}, {@code IP:127.0.0.1} and {@code DNS:NODE}, so
 * the same files serve local processes (reached at 127.0.0.1) and compose containers (reached by node
 * name), and allows both {@code serverAuth} and {@code clientAuth}, so a bridge may present it too.
 *
 * <p>Keys are EC on secp256r1: Mosquitto 2.0.11 with OpenSSL 3 and the JDK 17 TLS stack both accept
 * them (TLS 1.3 was negotiated), and a cold keytool makes one in about 0.2 s against about 1 s for an
 * RSA 2048 key.
 *
 * <p>The CA's private key is deleted once the node certificates are signed: nothing can later be
 * signed that the trust store would accept, and no file left behind can mint one.
 *
 * <p>Files holding a private key ({@code NODE.key}, {@code NODE.p12}) are readable by their owner only
 * where the file system has POSIX permissions, so the broker must run as the user that created them.
 * Mosquitto 2.0.11 started as root changes to the user {@code mosquitto} before it reads any
 * certificate (a bridge reads its {@code bridge_cafile} again at every connect) unless its config says
 * {@code user root}.
 *
 * <p>The passwords are random per authority, kept in memory only, and never part of
 * {@link #toString()}. An instance is immutable and thread-safe.
 */
public final class DevCertificateAuthority {

    /** The CA certificate's file name. */
    public static final String CA_CERTIFICATE_FILE_NAME = "ca.crt";
    /** The trust store's file name. */
    public static final String TRUST_STORE_FILE_NAME = "truststore.p12";
    /** The type of the trust store and the node key stores, for {@link KeyStore#getInstance(String)}. */
    public static final String KEY_STORE_TYPE = "PKCS12";
    /** The alias of the CA certificate in the trust store. */
    public static final String TRUST_STORE_ALIAS = "mqtt-ha-dev-ca";
    /** How long certificates are valid unless told otherwise: long enough for any demo, short enough to age out. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(DevCertificateAuthority.class);

    private static final String CERTIFICATE_SUFFIX = ".crt";
    private static final String PRIVATE_KEY_SUFFIX = ".key";
    private static final String KEY_STORE_SUFFIX = ".p12";
    private static final String KEY_ALGORITHM = "EC";
    private static final String CURVE = "secp256r1";
    private static final String CA_ALIAS = "ca";
    private static final String ORGANISATION = "mqtt-ha";
    /**
     * A node name is one DNS label, because it becomes a {@code DNS:} subject alternative name and a
     * compose host name; lower case only, so that two names never map to one file on a case-insensitive
     * file system.
     */
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Names whose files would overwrite the authority's own. */
    private static final Set<String> RESERVED_NAMES = Set.of(
            stripSuffix(CA_CERTIFICATE_FILE_NAME, CERTIFICATE_SUFFIX), stripSuffix(TRUST_STORE_FILE_NAME, KEY_STORE_SUFFIX));
    /** Working files start with a character no node name has, so they never clash with a node's. */
    private static final String WORK_FILE_PREFIX = "_";
    private static final String CA_KEY_STORE = WORK_FILE_PREFIX + "ca" + KEY_STORE_SUFFIX;
    private static final String CA_PASSWORD_VARIABLE = "MQTT_HA_CA_STORE_PASSWORD";
    private static final String NODE_WORKING_STORE_PASSWORD_VARIABLE = "MQTT_HA_NODE_WORKING_STORE_PASSWORD";
    /** 18 random bytes, 144 bits, are 24 characters of URL-safe Base64, which needs no quoting anywhere. */
    private static final int PASSWORD_BYTES = 18;
    private static final Duration SECONDS_PER_DAY = Duration.ofDays(1);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Long enough for a keytool command that is still running when a sibling failed to finish. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(70);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final List<String> nodeNames;
    private final char[] keyStorePassword;
    private final char[] trustStorePassword;
    private final Instant notAfter;

    private DevCertificateAuthority(Path directory, List<String> nodeNames, char[] keyStorePassword,
                                    char[] trustStorePassword, Instant notAfter) {
        this.directory = directory;
        this.nodeNames = nodeNames;
        this.keyStorePassword = keyStorePassword;
        this.trustStorePassword = trustStorePassword;
        this.notAfter = notAfter;
    }

    /** {@link #create(Path, List, Duration)} with the {@link #DEFAULT_VALIDITY}. */
    public static DevCertificateAuthority create(Path directory, List<String> nodeNames) {
        return create(directory, nodeNames, DEFAULT_VALIDITY);
    }

    /**
     * Generates a new CA and one signed certificate per node into {@code directory} (created if
     * missing; files of an earlier run there are replaced). The files appear only once all of them are
     * complete. Takes a few seconds: keytool is one JVM start per step, so nodes are made in parallel.
     *
     * @param directory where the files go
     * @param nodeNames the nodes, each a lower-case DNS label such as {@code node-1} or {@code relay-a},
     *                  neither {@code ca} nor {@code truststore}
     * @param validity  how long the node certificates are valid, rounded up to whole days (keytool's
     *                  unit); the CA's certificate lasts one day longer, so it never expires first
     * @throws IllegalArgumentException when a node name is not a DNS label, is reserved or repeats, or
     *                                  the validity is not positive
     * @throws ClusterException         when keytool is missing or fails, or the files cannot be written
     */
    public static DevCertificateAuthority create(Path directory, List<String> nodeNames, Duration validity) {
        Objects.requireNonNull(directory, "directory");
        List<String> nodes = checkedNodeNames(nodeNames);
        long validityDays = validityDays(validity);
        Path target = directory.toAbsolutePath();
        long started = System.nanoTime();
        char[] caStorePassword = newPassword();
        char[] nodeWorkingStorePassword = newPassword();
        char[] keyStorePassword = newPassword();
        char[] trustStorePassword = newPassword();
        Path staging = null;
        try {
            Files.createDirectories(target);
            // Everything is made in a folder only the owner can enter: keytool creates its working stores,
            // the CA's among them, with the process's umask, and none may be readable by others even briefly.
            staging = supportsPosix(target)
                    ? Files.createTempDirectory(target, WORK_FILE_PREFIX + "dev-ca-", PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY))
                    : Files.createTempDirectory(target, WORK_FILE_PREFIX + "dev-ca-");
            Generation generation = new Generation(new Keytool(Keytool.locate(), staging), staging, nodes, validityDays,
                    caStorePassword, nodeWorkingStorePassword, keyStorePassword, trustStorePassword);
            Instant notAfter = generation.run();
            for (String fileName : outputFileNames(nodes)) {
                Files.move(staging.resolve(fileName), target.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            LOG.info("Created a development certificate authority and {} node certificates in {} ({} ms).",
                    nodes.size(), target, Duration.ofNanos(System.nanoTime() - started).toMillis());
            return new DevCertificateAuthority(target, nodes, keyStorePassword, trustStorePassword, notAfter);
        } catch (IOException e) {
            throw new ClusterException("Could not write the development certificates to " + target + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(caStorePassword, '\0');
            Arrays.fill(nodeWorkingStorePassword, '\0');
            if (staging != null) {
                deleteRecursively(staging);
            }
        }
    }

    /** The folder that holds the files, as an absolute path. */
    public Path directory() {
        return directory;
    }

    /** The nodes that have certificates, in the order given to {@link #create}. */
    public List<String> nodeNames() {
        return nodeNames;
    }

    /** The CA certificate (PEM): Mosquitto's {@code cafile} and {@code bridge_cafile}. */
    public Path caCertificateFile() {
        return directory.resolve(CA_CERTIFICATE_FILE_NAME);
    }

    /**
     * The node's certificate followed by the CA's (PEM): Mosquitto's {@code certfile}.
     *
     * @throws UnknownNodeException when the authority made no certificate for {@code nodeName}
     */
    public Path certificateFile(String nodeName) {
        return directory.resolve(knownNode(nodeName) + CERTIFICATE_SUFFIX);
    }

    /**
     * The node's private key, unencrypted PKCS#8 PEM, readable by its owner only: Mosquitto's {@code keyfile}.
     *
     * @throws UnknownNodeException when the authority made no certificate for {@code nodeName}
     */
    public Path privateKeyFile(String nodeName) {
        return directory.resolve(knownNode(nodeName) + PRIVATE_KEY_SUFFIX);
    }

    /**
     * The node's key and certificate chain as a {@value #KEY_STORE_TYPE} key store under the alias
     * {@code nodeName}, for a Java client that authenticates with it; opened with {@link #keyStorePassword()}.
     *
     * @throws UnknownNodeException when the authority made no certificate for {@code nodeName}
     */
    public Path keyStore(String nodeName) {
        return directory.resolve(knownNode(nodeName) + KEY_STORE_SUFFIX);
    }

    /** A copy of the password of every node key store and of the keys in it; the caller may clear it. */
    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    /** The {@value #KEY_STORE_TYPE} trust store that holds the CA certificate under {@value #TRUST_STORE_ALIAS}. */
    public Path trustStore() {
        return directory.resolve(TRUST_STORE_FILE_NAME);
    }

    /** A copy of the trust store's password; the caller may clear it. */
    public char[] trustStorePassword() {
        return trustStorePassword.clone();
    }

    /** When the first of the node certificates expires. */
    public Instant notAfter() {
        return notAfter;
    }

    /** The folder, the nodes and the expiry; never a password. */
    @Override
    public String toString() {
        return "DevCertificateAuthority[directory=" + directory + ", nodes=" + nodeNames + ", notAfter=" + notAfter + "]";
    }

    private String knownNode(String nodeName) {
        if (!nodeNames.contains(nodeName)) {
            throw new UnknownNodeException(nodeName, nodeNames);
        }
        return nodeName;
    }

    private static List<String> checkedNodeNames(List<String> nodeNames) {
        Objects.requireNonNull(nodeNames, "nodeNames");
        Set<String> seen = new LinkedHashSet<>();
        for (String name : nodeNames) {
            if (name == null || !NODE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("The node name '" + name
                        + "' is not a lower-case DNS label (letters, digits and inner hyphens, at most 63 characters).");
            }
            if (RESERVED_NAMES.contains(name)) {
                throw new IllegalArgumentException("The node name '" + name + "' is reserved: its files would replace the authority's own.");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("The node name '" + name + "' is given twice.");
            }
        }
        return List.copyOf(seen);
    }

    private static long validityDays(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("The certificate validity must be positive, not " + validity + ".");
        }
        long days = validity.dividedBy(SECONDS_PER_DAY);
        return validity.equals(SECONDS_PER_DAY.multipliedBy(days)) ? days : days + 1;
    }

    private static List<String> outputFileNames(List<String> nodes) {
        List<String> names = new ArrayList<>(List.of(CA_CERTIFICATE_FILE_NAME, TRUST_STORE_FILE_NAME));
        for (String node : nodes) {
            names.addAll(List.of(node + CERTIFICATE_SUFFIX, node + PRIVATE_KEY_SUFFIX, node + KEY_STORE_SUFFIX));
        }
        return names;
    }

    private static char[] newPassword() {
        byte[] random = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(random);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(random);
        char[] password = new char[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            password[i] = (char) encoded[i];
        }
        Arrays.fill(random, (byte) 0);
        Arrays.fill(encoded, (byte) 0);
        return password;
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String stripSuffix(String fileName, String suffix) {
        return fileName.substring(0, fileName.length() - suffix.length());
    }

    /** Best effort: a leftover working folder holds only working stores whose passwords no longer exist. */
    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the working folder {}: {}", folder, e.getMessage());
        }
    }

    /** One run of {@link #create}: the keytool steps, in parallel where they do not depend on each other. */
    private static final class Generation {

        private final Keytool keytool;
        private final Path staging;
        private final List<String> nodes;
        private final String validityDays;
        private final char[] caStorePassword;
        private final char[] nodeWorkingStorePassword;
        private final char[] keyStorePassword;
        private final char[] trustStorePassword;
        private final boolean posix;

        Generation(Keytool keytool, Path staging, List<String> nodes, long validityDays,
                   char[] caStorePassword, char[] nodeWorkingStorePassword, char[] keyStorePassword, char[] trustStorePassword) {
            this.keytool = keytool;
            this.staging = staging;
            this.nodes = nodes;
            this.validityDays = Long.toString(validityDays);
            this.caStorePassword = caStorePassword;
            this.nodeWorkingStorePassword = nodeWorkingStorePassword;
            this.keyStorePassword = keyStorePassword;
            this.trustStorePassword = trustStorePassword;
            this.posix = supportsPosix(staging);
        }

        /**
         * Makes every file in the staging folder and returns when the first node certificate expires.
         * Each step is a JVM start that keeps one core busy, so as many run at once as there are cores;
         * a node's key pair and request do not need the CA and start alongside it.
         */
        Instant run() {
            int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), nodes.size() + 1));
            AtomicInteger threadNumber = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, "dev-ca-keytool-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            try {
                // Submitted first, so it runs before any task that waits for it: the pool cannot deadlock.
                Future<X509Certificate> ca = pool.submit(this::createCertificateAuthority);
                List<Future<X509Certificate>> nodeCertificates = nodes.stream()
                        .map(node -> pool.submit(() -> createNodeCertificate(node, ca)))
                        .toList();
                Instant notAfter = await(ca).getNotAfter().toInstant();
                for (Future<X509Certificate> nodeCertificate : nodeCertificates) {
                    Instant expiry = await(nodeCertificate).getNotAfter().toInstant();
                    notAfter = expiry.isBefore(notAfter) ? expiry : notAfter;
                }
                return notAfter;
            } finally {
                pool.shutdownNow();
                awaitTermination(pool);
            }
        }

        private X509Certificate createCertificateAuthority() throws IOException, GeneralSecurityException {
            String subject = "CN=mqtt-ha development CA " + HexFormat.of().formatHex(randomBytes(4)) + ", O=" + ORGANISATION;
            keytool.run("create the key pair of the certificate authority", Map.of(CA_PASSWORD_VARIABLE, caStorePassword),
                    "-genkeypair", "-alias", CA_ALIAS, "-keyalg", KEY_ALGORITHM, "-groupname", CURVE, "-dname", subject,
                    "-validity", Long.toString(Long.parseLong(validityDays) + 1),
                    "-ext", "bc:c=ca:true,pathlen:0", "-ext", "ku:c=keyCertSign,cRLSign",
                    "-keystore", CA_KEY_STORE, "-storetype", KEY_STORE_TYPE, "-storepass:env", CA_PASSWORD_VARIABLE);
            X509Certificate certificate = (X509Certificate) load(staging.resolve(CA_KEY_STORE), caStorePassword).getCertificate(CA_ALIAS);
            Files.writeString(staging.resolve(CA_CERTIFICATE_FILE_NAME), Pem.certificate(certificate), StandardCharsets.US_ASCII);
            writeTrustStore(certificate);
            return certificate;
        }

        /** Written here rather than by {@code keytool -importcert}, which would cost one more JVM start for one entry. */
        private void writeTrustStore(X509Certificate certificate) throws IOException, GeneralSecurityException {
            KeyStore trustStore = KeyStore.getInstance(KEY_STORE_TYPE);
            trustStore.load(null, null);
            trustStore.setCertificateEntry(TRUST_STORE_ALIAS, certificate);
            try (OutputStream out = Files.newOutputStream(staging.resolve(TRUST_STORE_FILE_NAME), StandardOpenOption.CREATE_NEW)) {
                trustStore.store(out, trustStorePassword);
            }
        }

        /**
         * keytool makes the key pair, the request and the CA's signature, the steps the JDK has no public
         * API for; the files are then assembled here from its working store, which saves the JVM start of
         * a {@code keytool -importcert} per node.
         */
        private X509Certificate createNodeCertificate(String node, Future<X509Certificate> ca) throws IOException, GeneralSecurityException {
            String workingStore = WORK_FILE_PREFIX + node + KEY_STORE_SUFFIX;
            String request = WORK_FILE_PREFIX + node + ".csr";
            String signed = WORK_FILE_PREFIX + node + CERTIFICATE_SUFFIX;
            Map<String, char[]> workingStoreVariable = Map.of(NODE_WORKING_STORE_PASSWORD_VARIABLE, nodeWorkingStorePassword);
            // The self-signed certificate that comes with a new key pair is a placeholder until the CA has signed one.
            keytool.run("create the key pair of " + node, workingStoreVariable,
                    "-genkeypair", "-alias", node, "-keyalg", KEY_ALGORITHM, "-groupname", CURVE,
                    "-dname", "CN=" + node + ", O=" + ORGANISATION, "-validity", "1",
                    "-keystore", workingStore, "-storetype", KEY_STORE_TYPE, "-storepass:env", NODE_WORKING_STORE_PASSWORD_VARIABLE);
            keytool.run("write the certificate request of " + node, workingStoreVariable,
                    "-certreq", "-alias", node, "-file", request,
                    "-keystore", workingStore, "-storepass:env", NODE_WORKING_STORE_PASSWORD_VARIABLE);
            X509Certificate caCertificate = await(ca);
            keytool.run("sign the certificate of " + node, Map.of(CA_PASSWORD_VARIABLE, caStorePassword),
                    "-gencert", "-alias", CA_ALIAS, "-infile", request, "-outfile", signed, "-rfc", "-validity", validityDays,
                    "-ext", "san=dns:localhost,ip:" + ClusterDescription.LOCAL_HOST + ",dns:" + node,
                    "-ext", "eku=serverAuth,clientAuth",
                    // An EC key signs the TLS handshake and nothing else.
                    "-ext", "ku:c=digitalSignature",
                    "-keystore", CA_KEY_STORE, "-storepass:env", CA_PASSWORD_VARIABLE);

            KeyStore working = load(staging.resolve(workingStore), nodeWorkingStorePassword);
            PrivateKey key = (PrivateKey) working.getKey(node, nodeWorkingStorePassword);
            X509Certificate certificate;
            try (InputStream in = Files.newInputStream(staging.resolve(signed))) {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            if (!certificate.getPublicKey().equals(working.getCertificate(node).getPublicKey())) {
                throw new ClusterException("keytool signed a certificate for " + node + " that does not carry the node's public key.");
            }
            Certificate[] chain = {certificate, caCertificate};

            KeyStore keyStore = KeyStore.getInstance(KEY_STORE_TYPE);
            keyStore.load(null, null);
            keyStore.setKeyEntry(node, key, keyStorePassword, chain);
            try (OutputStream out = Files.newOutputStream(createOwnerOnly(staging.resolve(node + KEY_STORE_SUFFIX)))) {
                keyStore.store(out, keyStorePassword);
            }
            Files.writeString(createOwnerOnly(staging.resolve(node + PRIVATE_KEY_SUFFIX)), Pem.privateKey(key), StandardCharsets.US_ASCII);
            Files.writeString(staging.resolve(node + CERTIFICATE_SUFFIX),
                    Pem.certificate(certificate) + Pem.certificate(caCertificate), StandardCharsets.US_ASCII);
            return certificate;
        }

        private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance(KEY_STORE_TYPE);
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            return store;
        }

        /** An empty file only its owner may read, made so before anything secret is written to it. */
        private Path createOwnerOnly(Path file) throws IOException {
            return posix ? Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY)) : Files.createFile(file);
        }

        private static byte[] randomBytes(int count) {
            byte[] bytes = new byte[count];
            RANDOM.nextBytes(bytes);
            return bytes;
        }

        private static <T> T await(Future<T> future) {
            try {
                return future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new ClusterException("Could not create the development certificates: " + cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("Interrupted while creating the development certificates.", e);
            }
        }

        private static void awaitTermination(ExecutorService pool) {
            try {
                if (!pool.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    LOG.warn("A keytool command was still running {} s after the others had stopped.", SHUTDOWN_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
