package io.mqttha.client;

/** MQTT quality of service levels. */
public enum Qos {
    /** QoS 0: fire and forget; the SDK considers it done once written to a connection. */
    AT_MOST_ONCE(0),
    /** QoS 1: done when the broker sends PUBACK; may be delivered more than once. */
    AT_LEAST_ONCE(1),
    /** QoS 2: done when the broker sends PUBCOMP. */
    EXACTLY_ONCE(2);

    private final int code;

    Qos(int code) {
        this.code = code;
    }

    /**
     * Returns the level as on the wire.
     *
     * @return 0, 1 or 2
     */
    public int code() {
        return code;
    }

    /**
     * Returns the level for a wire code.
     *
     * @param code 0, 1 or 2
     * @return the matching level
     * @throws IllegalArgumentException for any other code
     */
    public static Qos of(int code) {
        for (Qos qos : values()) {
            if (qos.code == code) {
                return qos;
            }
        }
        throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + code);
    }
}
