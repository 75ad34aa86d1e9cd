package io.mqttha.brokers.probe;

import io.mqttha.brokers.model.FreePorts;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Opens this package's small network helpers ({@link FreePorts}, {@link RawMqtt}) to tests in other
 * packages, without making them part of the module's public API.
 */
public final class BrokerTestAccess {

    /** The MQTT packet type of CONNACK. */
    public static final int CONNACK = RawMqtt.CONNACK;
    /** The MQTT packet type of SUBACK. */
    public static final int SUBACK = RawMqtt.SUBACK;
    /** The MQTT packet type of PUBLISH. */
    public static final int PUBLISH = RawMqtt.PUBLISH;

    private BrokerTestAccess() {
    }

    /** {@code count} distinct ports free on the loopback interface right now. */
    public static List<Integer> freePorts(int count) {
        return FreePorts.take(count);
    }

    /** An MQTT 3.1.1 CONNECT with a clean session. */
    public static byte[] connect(String clientId) {
        return RawMqtt.connect(clientId);
    }

    /** An MQTT SUBSCRIBE to one filter at QoS 0. */
    public static byte[] subscribe(int packetId, String topicFilter) {
        return RawMqtt.subscribe(packetId, topicFilter);
    }

    /** One whole packet as {@code {type, body}}; blocks up to the socket's timeout. */
    public static Packet read(DataInputStream in) throws IOException {
        RawMqtt.Packet packet = RawMqtt.read(in);
        return new Packet(packet.type(), packet.body(), packet.type() == RawMqtt.PUBLISH ? RawMqtt.publishPayload(packet) : null);
    }

    /**
     * A received MQTT packet.
     *
     * @param type    the packet type, for example {@link #CONNACK}
     * @param body    everything after the fixed header
     * @param payload a PUBLISH's payload as text; {@code null} for other packets
     */
    public record Packet(int type, byte[] body, String payload) {
    }
}
