package io.mqttha.client;

import io.mqttha.brokers.security.DevCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Real clients against real Mosquitto brokers over TLS that admit only their password file's users: a
 * refusal is reported as an authentication failure, not a dead node, it does not start a storm of
 * reconnects, and no password (credentials, trust store, key store) reaches any log line, event, exception
 * or metric.
 */
class AuthenticationIT {

    private static final String USER = "alice";
    /** The wrong password the client sends; distinctive so that any leak is found by plain search. */
    private static final String WRONG_PASSWORD = "s3cr3t-Pa55-XYZ";
    private static final String RIGHT_PASSWORD = "r1ght-Pa55-XYZ";
    private static final String OTHER_PASSWORD = "0ther-Pa55-XYZ";
    /** The node whose key store the client presents (the CA's node certificates allow client authentication). */
    private static final String CLIENT_IDENTITY = "client";
    /** How long a refused client is watched for a reconnect storm. */
    private static final Duration OBSERVATION = Duration.ofSeconds(4);

    @TempDir
    static Path tlsDirectory;
    private static DevCertificateAuthority tls;
    private static List<String> secrets;

    @TempDir
    Path directory;

    private final List<SecuredMosquitto> brokers = new ArrayList<>();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private CapturedLogs logs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        tls = DevCertificateAuthority.create(tlsDirectory, List.of("broker-a", "broker-b", "broker-c", CLIENT_IDENTITY));
        secrets = List.of(WRONG_PASSWORD, RIGHT_PASSWORD, OTHER_PASSWORD,
                new String(tls.trustStorePassword()), new String(tls.keyStorePassword()));
    }

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.everything();
    }

    @AfterEach
    void stopBrokersAndRestoreLogging() {
        try {
            brokers.forEach(SecuredMosquitto::close);
        } finally {
            List<String> important = logs.importantLines();
            logs.close();
            important.forEach(System.out::println);
        }
    }

    private SecuredMosquitto broker(String name, String password) throws Exception {
        SecuredMosquitto broker = SecuredMosquitto.start(directory, name, Map.of(USER, password), tls);
        brokers.add(broker);
        return broker;
    }

    private HaMqttClient client(String clientId, String password, MqttProtocol protocol, SecuredMosquitto... nodes) {
        HaClientConfig.Builder builder = HaClientConfig.builder()
                .clientId(clientId)
                .credentials(Credentials.of(USER, password))
                .tls(TlsSettings.builder()
                        .trustStore(tls.trustStore(), tls.trustStorePassword())
                        .keyStore(tls.keyStore(CLIENT_IDENTITY), tls.keyStorePassword())
                        .build())
                .protocol(protocol);
        for (SecuredMosquitto node : nodes) {
            builder.address(node.address());
        }
        if (protocol == MqttProtocol.MQTT_3_1_1) {
            builder.withoutContinuity();
        }
        HaMqttClient client = HaMqttClient.create(builder.build());
        client.addListener(new RecordingListener());
        return client;
    }

    @ParameterizedTest
    @EnumSource(MqttProtocol.class)
    void wrongCredentialsAreRefusedQuietlyAndNoPasswordLeaks(MqttProtocol protocol) throws Exception {
        SecuredMosquitto a = broker("a", RIGHT_PASSWORD);
        SecuredMosquitto b = broker("b", RIGHT_PASSWORD);
        // What mosquitto 2.0.11 answers a wrong password with: "not authorized" in either protocol.
        int notAuthorized = protocol == MqttProtocol.MQTT_5 ? 0x87 : 5;
        HaMqttClient client = client("sdksec-wrong", WRONG_PASSWORD, protocol, a, b);
        try {
            Throwable failure = catchThrowable(() -> client.connect().get(10, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause()).isInstanceOf(AuthenticationFailedException.class);
            AuthenticationFailedException refused = (AuthenticationFailedException) failure.getCause();
            assertThat(refused.nodes()).containsExactly(a.address(), b.address());
            assertThat(refused.reasonCodes()).containsValues(notAuthorized);
            texts.add(stackTrace(failure));
            await().atMost(Duration.ofSeconds(5)).until(() -> refusals().size() >= 2);
            assertThat(refusals()).extracting(AuthenticationFailedEvent::node).contains(a.address(), b.address());
            assertThat(refusals()).allSatisfy(e -> assertThat(e.reasonCode()).isEqualTo(notAuthorized));
            assertThat(client.nodeHealth()).extracting(NodeHealth::state)
                    .containsExactly(NodeState.REFUSED, NodeState.REFUSED);

            Thread.sleep(OBSERVATION.toMillis());

            // One connection attempt per node, and at most one health probe each that raced it; nothing after.
            long failures = client.metrics().authenticationFailures();
            assertThat(failures).isBetween(2L, 4L);
            assertThat(a.refusedConnections() + b.refusedConnections()).as(a.log() + b.log()).isEqualTo(failures);
            assertThat(events).noneMatch(e -> e instanceof NodeHealthEvent h && h.current().state() == NodeState.DOWN);
            assertThat(client.nodeHealth()).extracting(NodeHealth::state)
                    .containsExactly(NodeState.REFUSED, NodeState.REFUSED);
            recordStateOf(client);
        } finally {
            client.close();
        }
        assertNoSecretLeaked();
    }

    @Test
    void rightCredentialsConnectToTheNodeThatAcceptsThemAndPublish() throws Exception {
        // Node a has another password file: the client must use b and leave a alone.
        SecuredMosquitto a = broker("a", OTHER_PASSWORD);
        SecuredMosquitto b = broker("b", RIGHT_PASSWORD);
        HaMqttClient client = client("sdksec-right", RIGHT_PASSWORD, MqttProtocol.MQTT_5, a, b);
        try {
            assertThat(client.connect().get(10, TimeUnit.SECONDS)).isEqualTo(b.address());
            CompletableFuture<InboundMessage> received = new CompletableFuture<>();
            client.subscribe("it/sdksec", Qos.AT_LEAST_ONCE, received::complete).get(5, TimeUnit.SECONDS);
            PublishResult result = client.publish("it/sdksec", "hello".getBytes(StandardCharsets.UTF_8),
                    Qos.AT_LEAST_ONCE, false).get(5, TimeUnit.SECONDS);

            assertThat(result.node()).isEqualTo(b.address());
            assertThat(new String(received.get(5, TimeUnit.SECONDS).payload(), StandardCharsets.UTF_8))
                    .isEqualTo("hello");
            await().atMost(Duration.ofSeconds(5)).until(() -> refusals().size() >= 1);
            assertThat(refusals()).extracting(AuthenticationFailedEvent::node).containsOnly(a.address());
            assertThat(client.nodeHealth()).extracting(NodeHealth::state)
                    .containsExactly(NodeState.REFUSED, NodeState.UP);
            Thread.sleep(OBSERVATION.toMillis() / 2);
            long failures = client.metrics().authenticationFailures();
            assertThat(failures).isBetween(1L, 2L);
            assertThat(a.refusedConnections()).as(a.log()).isEqualTo(failures);
            assertThat(b.refusedConnections()).as(b.log()).isZero();
            // Nor is the refusing node a candidate for the standby subscriptions.
            assertThat(client.standbyNode()).isEmpty();
            recordStateOf(client);
        } finally {
            client.close();
        }
        assertNoSecretLeaked();
    }

    private List<AuthenticationFailedEvent> refusals() {
        return events.stream().filter(AuthenticationFailedEvent.class::isInstance)
                .map(AuthenticationFailedEvent.class::cast).toList();
    }

    private void recordStateOf(HaMqttClient client) {
        texts.add(client.config().toString());
        texts.add(client.metrics().toString());
        texts.add(client.nodeHealth().toString());
        texts.add(client.continuity().toString());
    }

    private void assertNoSecretLeaked() {
        List<String> all = new ArrayList<>(texts);
        events.forEach(e -> all.add(e.toString()));
        for (Object event : events) {
            if (event instanceof AuthenticationFailedEvent refusal) {
                all.add(stackTrace(refusal.cause()));
            } else if (event instanceof DisconnectedEvent lost) {
                all.add(stackTrace(lost.cause()));
            }
        }
        List<String> lines = logs.lines();
        assertThat(lines).as("captured log lines").anyMatch(line -> line.contains("refused this client's credentials"));
        all.addAll(lines);
        for (String secret : secrets) {
            assertThat(all).as("texts containing a password").noneMatch(text -> text.contains(secret));
        }
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Keeps every event the client reports, of every kind. */
    private final class RecordingListener implements HaClientListener {
        @Override
        public void onConnected(ConnectedEvent event) {
            events.add(event);
        }

        @Override
        public void onDisconnected(DisconnectedEvent event) {
            events.add(event);
        }

        @Override
        public void onFailover(FailoverEvent event) {
            events.add(event);
        }

        @Override
        public void onNodeHealthChanged(NodeHealthEvent event) {
            events.add(event);
        }

        @Override
        public void onBufferOverflow(BufferOverflowEvent event) {
            events.add(event);
        }

        @Override
        public void onAuthenticationFailed(AuthenticationFailedEvent event) {
            events.add(event);
        }
    }
}
