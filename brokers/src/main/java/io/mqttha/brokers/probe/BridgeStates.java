package io.mqttha.brokers.probe;

import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.Login;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * Reads which bridges a relay holds, from the retained notifications Mosquitto bridges publish to
 * their remote broker: {@code $SYS/broker/connection/<remote_clientid>/state} is {@code 1} while the
 * bridge is connected there and {@code 0} once its will fired. Works on any cluster rendered from a
 * {@link ClusterDescription}, local or compose.
 */
public final class BridgeStates {

    private static final String NOTIFICATION_FILTER = "$SYS/broker/connection/+/state";
    private static final String PREFIX = "$SYS/broker/connection/";
    private static final String SUFFIX = "/state";
    /** Retained messages follow the SUBACK at once; a pause this long means the broker sent them all. */
    private static final int QUIET_MILLIS = 150;

    private BridgeStates() {
    }

    /**
     * The bridges {@code relay} reports, with whether each is connected there now.
     *
     * @return bridge client id ({@link ClusterDescription#bridgeClientId}) to whether it is connected;
     *         empty when the relay does not answer within {@code timeout}
     */
    public static Map<String, Boolean> read(NodeSpec relay, Login login, SSLSocketFactory tls, Duration timeout) {
        return read(relay.host(), relay.port(), login, tls, timeout);
    }

    /**
     * {@link #read(NodeSpec, Login, SSLSocketFactory, Duration)} for a relay known only by its address.
     *
     * @param login an identity that may read {@code $SYS} topics, such as the dashboard's or the operator's
     * @param tls   for a relay that speaks MQTT over TLS, the factory that verifies it; null for plain MQTT
     */
    public static Map<String, Boolean> read(String host, int port, Login login, SSLSocketFactory tls, Duration timeout) {
        Map<String, Boolean> states = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket tcp = new Socket()) {
            tcp.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
            tcp.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            Socket socket = RawMqtt.secure(tcp, host, port, tls);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(RawMqtt.connect(RawMqtt.probeClientId(), login));
            out.write(RawMqtt.subscribe(1, NOTIFICATION_FILTER));
            out.flush();
            boolean subscribed = false;
            while (System.nanoTime() < deadline) {
                RawMqtt.Packet packet;
                try {
                    packet = RawMqtt.read(in);
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                if (packet.type() == RawMqtt.SUBACK) {
                    subscribed = true;
                    socket.setSoTimeout(QUIET_MILLIS);
                } else if (packet.type() == RawMqtt.PUBLISH) {
                    String topic = RawMqtt.publishTopic(packet);
                    if (topic.startsWith(PREFIX) && topic.endsWith(SUFFIX)) {
                        String clientId = topic.substring(PREFIX.length(), topic.length() - SUFFIX.length());
                        states.put(clientId, "1".equals(RawMqtt.publishPayload(packet).trim()));
                    }
                }
            }
            out.write(RawMqtt.DISCONNECT);
            return subscribed ? states : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
