package io.mqttha.brokers.probe;

import io.mqttha.brokers.security.TrustStores;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Asks a broker whether it answers MQTT: one MQTT 3.1.1 CONNECT, waiting for the CONNACK, then a
 * DISCONNECT. A TCP check alone is not enough: a paused (SIGSTOP) Mosquitto still completes TCP
 * handshakes from the kernel's backlog but never answers, which this probe reports as
 * {@link NodeState#HUNG}.
 *
 * <p>Written against the socket rather than an MQTT client library so that each outcome (refused,
 * connected but silent, answered) is observed directly, with its own timeout, and a probe costs one
 * short-lived socket and no threads.
 */
public final class MqttProbe {

    /** How long a TCP connect may take before the node counts as down. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);
    /** How long an accepted connection may wait for the CONNACK before the node counts as hung. */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(1);

    private final Duration connectTimeout;
    private final Duration answerTimeout;
    private final SSLSocketFactory tls;

    /** A probe of plain MQTT listeners with the default timeouts. */
    public MqttProbe() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_ANSWER_TIMEOUT);
    }

    /** A probe of plain MQTT listeners with its own timeouts. */
    public MqttProbe(Duration connectTimeout, Duration answerTimeout) {
        this(connectTimeout, answerTimeout, null);
    }

    /**
     * A probe of listeners that speak MQTT over TLS, trusting the certificates of a PKCS12 trust store.
     *
     * @param connectTimeout longest wait for TCP
     * @param answerTimeout  longest wait for the TLS handshake and the CONNACK
     * @param trustStore     the PKCS12 trust store
     * @param password       its password
     * @return the probe
     * @throws io.mqttha.brokers.model.ClusterException if the store cannot be read
     */
    public static MqttProbe trusting(Duration connectTimeout, Duration answerTimeout, Path trustStore, char[] password) {
        return new MqttProbe(connectTimeout, answerTimeout, TrustStores.socketFactory(trustStore, password));
    }

    /**
     * A probe with its own timeouts.
     *
     * @param tls for listeners that speak MQTT over TLS, the factory whose trust decides which certificates
     *            are accepted (host names are verified too); null for plain MQTT. A broker that completes TCP
     *            but not the TLS handshake within {@code answerTimeout} is hung, as one that sends no CONNACK.
     */
    public MqttProbe(Duration connectTimeout, Duration answerTimeout, SSLSocketFactory tls) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.tls = tls;
    }

    /**
     * The outcome of one probe.
     *
     * @param state   what the probe found
     * @param roundTrip time from the start of the TCP connect to the CONNACK; zero unless {@code UP}
     * @param detail  why, in a few words, for example {@code connection refused}
     */
    public record Result(NodeState state, Duration roundTrip, String detail) {
    }

    /** Probes {@code host:port} once; never throws for network failures, which are the answer. */
    public Result probe(String host, int port) {
        long start = System.nanoTime();
        try (Socket tcp = new Socket()) {
            Socket socket = tcp;
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
            } catch (ConnectException e) {
                return new Result(NodeState.DOWN, Duration.ZERO, "connection refused");
            } catch (SocketTimeoutException e) {
                return new Result(NodeState.DOWN, Duration.ZERO, "no TCP answer within " + connectTimeout.toMillis() + " ms");
            }
            socket.setSoTimeout(Math.toIntExact(answerTimeout.toMillis()));
            try {
                socket = RawMqtt.secure(tcp, host, port, tls);
            } catch (SocketTimeoutException e) {
                return new Result(NodeState.HUNG, Duration.ZERO,
                        "accepted TCP but did not complete the TLS handshake within " + answerTimeout.toMillis() + " ms");
            } catch (SSLException e) {
                return new Result(NodeState.DOWN, Duration.ZERO, "TLS handshake failed: " + e.getMessage());
            }
            OutputStream out = socket.getOutputStream();
            out.write(RawMqtt.connect(RawMqtt.probeClientId()));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            try {
                RawMqtt.Packet answer = RawMqtt.read(in);
                Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
                if (answer.type() != RawMqtt.CONNACK || answer.body().length < 2) {
                    return new Result(NodeState.DOWN, Duration.ZERO,
                            "answered with packet type " + answer.type() + ", not CONNACK");
                }
                int returnCode = answer.body()[1] & 0xFF;
                try {
                    out.write(RawMqtt.DISCONNECT);
                } catch (IOException ignored) {
                    // The answer is in; a broker that closes first is still up.
                }
                return new Result(NodeState.UP, roundTrip, describeAnswer(returnCode));
            } catch (SocketTimeoutException e) {
                return new Result(NodeState.HUNG, Duration.ZERO,
                        "accepted TCP but sent no CONNACK within " + answerTimeout.toMillis() + " ms");
            } catch (EOFException e) {
                return new Result(NodeState.DOWN, Duration.ZERO, "closed the connection without answering");
            }
        } catch (IOException e) {
            return new Result(NodeState.DOWN, Duration.ZERO, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * What a CONNACK to the probe's anonymous MQTT 3.1.1 CONNECT says, in words for {@code ./demo cluster status}:
     * the cluster refuses anonymous clients by design, so that answer is the healthy one.
     */
    static String describeAnswer(int returnCode) {
        return switch (returnCode) {
            case 0 -> "answers MQTT and accepts anonymous clients";
            case 4, 5 -> "answers MQTT and refuses anonymous clients, as configured";
            case 1 -> "answers MQTT but refuses MQTT 3.1.1 (return code 1)";
            case 2 -> "answers MQTT but refuses the probe's client id (return code 2)";
            case 3 -> "answers MQTT but says it cannot serve clients now (return code 3)";
            default -> "answers MQTT with an unknown return code " + returnCode;
        };
    }
}
