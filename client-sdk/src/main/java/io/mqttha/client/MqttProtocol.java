package io.mqttha.client;

/** The MQTT protocol version spoken to every node. */
public enum MqttProtocol {
    /** MQTT 5.0, the default: needed for user properties and reason codes. */
    MQTT_5,
    /** MQTT 3.1.1, for brokers that do not speak MQTT 5; publishing user properties is then rejected. */
    MQTT_3_1_1
}
