package io.mqttha.brokers.probe;

import io.mqttha.brokers.security.Login;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The few MQTT 3.1.1 packets the cluster's own probes need, encoded and decoded by hand so that a
 * probe observes each step (TCP accepted, CONNACK received) with its own timeout.
 */
final class RawMqtt {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int SUBACK = 9;
    static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    private static final int PROBE_KEEP_ALIVE_SECONDS = 10;
    private static final int MQTT_3_1_1 = 4;
    private static final int CLEAN_SESSION = 0x02;
    private static final int USERNAME_FLAG = 0x80;
    private static final int PASSWORD_FLAG = 0x40;

    /** A received packet: its type (the high nibble of the first byte), flags and body. */
    record Packet(int type, int flags, byte[] body) {
    }

    private RawMqtt() {
    }

    /**
     * The socket to speak MQTT on: {@code socket} itself, or a TLS socket layered over it that verifies the
     * broker's certificate and host name, handshaking within the socket's read timeout.
     *
     * @param tls null for plain MQTT
     */
    static Socket secure(Socket socket, String host, int port, SSLSocketFactory tls) throws IOException {
        if (tls == null) {
            return socket;
        }
        SSLSocket secured = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters parameters = secured.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secured.setSSLParameters(parameters);
        secured.startHandshake();
        return secured;
    }

    /** A unique client id for one probe connection. */
    static String probeClientId() {
        return "mqtt-ha-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** CONNECT with a clean session and no credentials. */
    static byte[] connect(String clientId) {
        return connect(clientId, null);
    }

    /** CONNECT with a clean session, logging in as {@code login} unless it is null. */
    static byte[] connect(String clientId, Login login) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(MQTT_3_1_1);
        body.write(login == null ? CLEAN_SESSION : CLEAN_SESSION | USERNAME_FLAG | PASSWORD_FLAG);
        body.write(0);
        body.write(PROBE_KEEP_ALIVE_SECONDS);
        writeString(body, clientId);
        if (login != null) {
            writeString(body, login.username());
            writeString(body, login.password());
        }
        return packet(0x10, body.toByteArray());
    }

    /** SUBSCRIBE to one filter at QoS 0. */
    static byte[] subscribe(int packetId, String topicFilter) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId);
        writeString(body, topicFilter);
        body.write(0);
        return packet(0x82, body.toByteArray());
    }

    /** Reads one whole packet; blocks up to the socket's timeout. */
    static Packet read(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0 && multiplier <= 128 * 128 * 128);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** The topic of a PUBLISH packet. */
    static String publishTopic(Packet publish) {
        int length = ((publish.body()[0] & 0xFF) << 8) | (publish.body()[1] & 0xFF);
        return new String(publish.body(), 2, length, StandardCharsets.UTF_8);
    }

    /** The payload of a PUBLISH packet. */
    static String publishPayload(Packet publish) {
        int topicLength = ((publish.body()[0] & 0xFF) << 8) | (publish.body()[1] & 0xFF);
        int qos = (publish.flags() >> 1) & 0x03;
        int start = 2 + topicLength + (qos > 0 ? 2 : 0);
        return new String(publish.body(), start, publish.body().length - start, StandardCharsets.UTF_8);
    }

    private static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int remaining = body.length;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
