package io.mqttha.brokers.security;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.mqttha.brokers.ManagedProcess;
import io.mqttha.brokers.MosquittoBinary;
import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.probe.BrokerTestAccess;
import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.brokers.probe.NodeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real Mosquitto brokers on the generated files: a JDK client that trusts the CA verifies the broker's
 * host name and speaks MQTT, a client that does not is refused, a bridge verifies its remote broker
 * and carries messages, and a node key store authenticates a client to a broker that asks for one.
 */
class DevCertificateAuthorityIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration BRIDGE_TIMEOUT = Duration.ofSeconds(15);
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final String BRIDGE_CLIENT_ID = "tls-bridge-b";
    private static final String BRIDGED_TOPIC = "tls-bridge/probe";
    /**
     * Mosquitto's own log file: unlike {@code log_dest stdout} into a file, which it buffers, it is
     * written line by line, so a test can wait for a line.
     */
    private static final String BROKER_LOG = "mosquitto.log";
    /**
     * The key files are readable by this JVM's user alone, and the test folders enterable by it alone.
     * Mosquitto started as root switches to the user {@code mosquitto} before it reads any certificate
     * (a bridge reads its {@code bridge_cafile} at every connect), unless told to stay; started by
     * anyone else it ignores the option.
     */
    private static final String RUN_AS_THIS_USER = "user " + System.getProperty("user.name");

    @TempDir
    static Path certificateDirectory;
    private static DevCertificateAuthority authority;

    @TempDir
    Path runDirectory;
    private final List<ManagedProcess> started = new ArrayList<>();

    /** One authority for every test, for the whole standard cluster, which also times a real run. */
    @BeforeAll
    static void createAuthority() {
        long start = System.nanoTime();
        authority = DevCertificateAuthority.create(certificateDirectory, ClusterDescription.standard().nodeNames(), Duration.ofDays(1));
        System.out.printf("Development CA and %d node certificates created in %d ms%n",
                authority.nodeNames().size(), Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** Every broker a test started is stopped by its own handle, pass or fail. */
    @AfterEach
    void stopBrokers() {
        RuntimeException first = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            ManagedProcess broker = started.get(i);
            try {
                if (broker.isRunning()) {
                    broker.requestStop();
                }
                broker.finishStop(STOP_GRACE);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }

    @Test
    void clientThatTrustsTheCaVerifiesTheBrokersHostNameAndSpeaksMqtt() throws Exception {
        int port = BrokerTestAccess.freePorts(1).get(0);
        startTlsBroker("node-1", port);
        SSLContext trustingTheCa = context(false);

        for (String host : List.of(ClusterDescription.LOCAL_HOST, "localhost")) {
            try (SSLSocket socket = openTls(trustingTheCa, ClusterDescription.LOCAL_HOST, host, port)) {
                X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertThat(presented.getSubjectX500Principal().getName()).contains("CN=node-1");
                assertThat(connackReturnCode(socket)).isZero();
                System.out.printf("TLS to %s:%d: %s, %s%n", host, port, socket.getSession().getProtocol(), socket.getSession().getCipherSuite());
            }
        }
        // The same certificate presented for a host it does not name must fail, or the check above proves nothing.
        assertThatThrownBy(() -> openTls(trustingTheCa, ClusterDescription.LOCAL_HOST, "node-2", port).close())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("node-2");
    }

    @Test
    void clientWithTheDefaultJdkTrustStoreIsRefused() throws Exception {
        int port = BrokerTestAccess.freePorts(1).get(0);
        ManagedProcess broker = startTlsBroker("node-1", port);

        assertThatThrownBy(() -> openTls(SSLContext.getDefault(), ClusterDescription.LOCAL_HOST, ClusterDescription.LOCAL_HOST, port).close())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void bridgeVerifiesTheRemoteBrokerAgainstTheCaAndCarriesMessages() throws Exception {
        List<Integer> ports = BrokerTestAccess.freePorts(2);
        int tlsPort = ports.get(0);
        int plainPort = ports.get(1);
        ManagedProcess remote = startTlsBroker("relay-a", tlsPort);
        startBridgingBroker(plainPort, tlsPort, authority.caCertificateFile());
        awaitLogLine(remote, "as " + BRIDGE_CLIENT_ID);

        try (SSLSocket subscriber = openTls(context(false), ClusterDescription.LOCAL_HOST, ClusterDescription.LOCAL_HOST, tlsPort)) {
            assertThat(connackReturnCode(subscriber)).isZero();
            subscriber.getOutputStream().write(BrokerTestAccess.subscribe(1, "tls-bridge/#"));
            DataInputStream in = new DataInputStream(subscriber.getInputStream());
            assertThat(BrokerTestAccess.read(in).type()).isEqualTo(BrokerTestAccess.SUBACK);
            BlockingQueue<String> received = readPayloadsInBackground(in);

            Mqtt3BlockingClient publisher = MqttClient.builder().useMqttVersion3()
                    .identifier("tls-it-publisher").serverHost(ClusterDescription.LOCAL_HOST).serverPort(plainPort)
                    .buildBlocking();
            publisher.connect();
            try {
                // The remote logs the bridge's CONNECT before the bridge has its CONNACK, so the first publish may find it not yet up.
                Instant deadline = Instant.now().plus(BRIDGE_TIMEOUT);
                String payload = null;
                for (int attempt = 1; payload == null && Instant.now().isBefore(deadline); attempt++) {
                    publisher.publishWith().topic(BRIDGED_TOPIC).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("across the TLS bridge " + attempt).getBytes(StandardCharsets.UTF_8)).send();
                    payload = received.poll(500, TimeUnit.MILLISECONDS);
                }
                assertThat(payload).as("a message published on the bridging broker, received over TLS on the remote")
                        .startsWith("across the TLS bridge");
            } finally {
                publisher.disconnect();
            }
        }
    }

    @Test
    void bridgeRefusesARemoteBrokerThatAnotherCaSigned() throws Exception {
        DevCertificateAuthority otherAuthority = DevCertificateAuthority.create(runDirectory.resolve("other-ca"), List.of());
        List<Integer> ports = BrokerTestAccess.freePorts(2);
        ManagedProcess remote = startTlsBroker("relay-a", ports.get(0));
        ManagedProcess bridging = startBridgingBroker(ports.get(1), ports.get(0), otherAuthority.caCertificateFile());

        awaitLogLine(bridging, "certificate verify failed");
        assertThat(brokerLog(remote)).doesNotContain("as " + BRIDGE_CLIENT_ID);
    }

    @Test
    void brokerThatRequiresClientCertificatesAcceptsANodeKeyStoreAndRefusesAClientWithout() throws Exception {
        int port = BrokerTestAccess.freePorts(1).get(0);
        startTlsBroker("node-1", port, "require_certificate true");

        try (SSLSocket socket = openTls(context(true), ClusterDescription.LOCAL_HOST, ClusterDescription.LOCAL_HOST, port)) {
            assertThat(connackReturnCode(socket)).isZero();
        }
        // In TLS 1.3 the client's handshake ends before the server has checked it, so the refusal arrives on the first read.
        assertThatThrownBy(() -> {
            try (SSLSocket socket = openTls(context(false), ClusterDescription.LOCAL_HOST, ClusterDescription.LOCAL_HOST, port)) {
                connackReturnCode(socket);
            }
        }).isInstanceOf(SSLException.class).hasMessageContaining("certificate_required");
    }

    /** Starts Mosquitto with a TLS listener on {@code node}'s files. */
    private ManagedProcess startTlsBroker(String node, int port, String... extraLines) throws IOException {
        String config = String.join("\n",
                RUN_AS_THIS_USER,
                "listener " + port + " " + ClusterDescription.LOCAL_HOST,
                "allow_anonymous true",
                "cafile " + authority.caCertificateFile(),
                "certfile " + authority.certificateFile(node),
                "keyfile " + authority.privateKeyFile(node),
                String.join("\n", extraLines),
                "");
        ManagedProcess broker = launch("tls-" + node, config);
        awaitTcp(broker, port);
        return broker;
    }

    /**
     * Starts a plain broker on {@code port} whose only bridge goes over TLS to {@code remotePort},
     * trusting the CA certificate in {@code caFile}.
     */
    private ManagedProcess startBridgingBroker(int port, int remotePort, Path caFile) throws IOException {
        String config = String.join("\n",
                RUN_AS_THIS_USER,
                "listener " + port + " " + ClusterDescription.LOCAL_HOST,
                "allow_anonymous true",
                "connection tls-bridge",
                "address " + ClusterDescription.LOCAL_HOST + ":" + remotePort,
                "bridge_cafile " + caFile,
                "bridge_insecure false",
                "remote_clientid " + BRIDGE_CLIENT_ID,
                "bridge_protocol_version mqttv50",
                "cleansession true",
                "restart_timeout 1 2",
                "topic tls-bridge/# both 1",
                "");
        ManagedProcess broker = launch("bridging", config);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (new MqttProbe().probe(ClusterDescription.LOCAL_HOST, port).state() != NodeState.UP) {
            checkStarting(broker, deadline);
        }
        return broker;
    }

    private ManagedProcess launch(String name, String config) throws IOException {
        Path directory = runDirectory.resolve(name);
        Files.createDirectories(directory);
        Path configFile = directory.resolve("mosquitto.conf");
        Files.writeString(configFile, config + "log_dest file " + directory.resolve(BROKER_LOG) + "\n");
        ManagedProcess broker = new ManagedProcess(name, directory, "output.log");
        started.add(broker);
        broker.launch(MosquittoBinary.locate(), List.of("-c", configFile.toString()));
        return broker;
    }

    /** A TLS listener cannot be probed with plain MQTT; an accepted TCP connection means it listens. */
    private static void awaitTcp(ManagedProcess broker, int port) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ClusterDescription.LOCAL_HOST, port), SOCKET_TIMEOUT_MILLIS);
                return;
            } catch (IOException notYet) {
                checkStarting(broker, deadline);
            }
        }
    }

    private static void awaitLogLine(ManagedProcess broker, String text) {
        Instant deadline = Instant.now().plus(BRIDGE_TIMEOUT);
        while (!brokerLog(broker).contains(text)) {
            checkStarting(broker, deadline);
        }
    }

    private static void checkStarting(ManagedProcess broker, Instant deadline) {
        if (!broker.isRunning()) {
            fail("Mosquitto exited; its log:\n" + brokerLog(broker) + broker.lastLogLine());
        }
        if (Instant.now().isAfter(deadline)) {
            fail("Mosquitto was not ready in time; its log:\n" + brokerLog(broker));
        }
        ManagedProcess.sleep(POLL_INTERVAL);
    }

    private static String brokerLog(ManagedProcess broker) {
        Path log = broker.directory().resolve(BROKER_LOG);
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TLS socket to {@code address}:{@code port} that checks the certificate against {@code hostName}
     * the way HTTPS does (for an IP address, an {@code IP:} subject alternative name), handshake done.
     */
    private static SSLSocket openTls(SSLContext context, String address, String hostName, int port) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, port), SOCKET_TIMEOUT_MILLIS);
            plain.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static int connackReturnCode(SSLSocket socket) throws IOException {
        socket.getOutputStream().write(BrokerTestAccess.connect("tls-it-" + System.nanoTime()));
        socket.getOutputStream().flush();
        BrokerTestAccess.Packet answer = BrokerTestAccess.read(new DataInputStream(socket.getInputStream()));
        assertThat(answer.type()).isEqualTo(BrokerTestAccess.CONNACK);
        return answer.body()[1] & 0xFF;
    }

    /** Reads on its own thread, so that no read times out in the middle of a packet; ends when the socket closes. */
    private static BlockingQueue<String> readPayloadsInBackground(DataInputStream in) {
        BlockingQueue<String> payloads = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    BrokerTestAccess.Packet packet = BrokerTestAccess.read(in);
                    if (packet.type() == BrokerTestAccess.PUBLISH) {
                        payloads.add(packet.payload());
                    }
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }, "tls-subscriber");
        reader.setDaemon(true);
        reader.start();
        return payloads;
    }

    /** Trusts the generated CA only; with {@code withClientCertificate}, authenticates as relay-a. */
    private static SSLContext context(boolean withClientCertificate) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(authority.trustStore(), authority.trustStorePassword()));
        KeyManagerFactory keys = null;
        if (withClientCertificate) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(authority.keyStore("relay-a"), authority.keyStorePassword()), authority.keyStorePassword());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(DevCertificateAuthority.KEY_STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
