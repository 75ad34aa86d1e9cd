package io.mqttha.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A broker answered MQTT but refused the CONNECT because of this client's credentials or rights: MQTT 5
 * reason codes 0x86 (bad user name or password), 0x87 (not authorized) and 0x8C (bad authentication
 * method), MQTT 3.1.1 return codes 4 and 5.
 *
 * <p>It is the cause of an {@link AuthenticationFailedEvent}, and fails the future of
 * {@link HaMqttClient#connect()} once every node has refused; then it names every node, and each node's own
 * refusal is attached as a suppressed exception. Such a node is not dead: it is marked
 * {@link NodeState#REFUSED} and tried again only after {@link HaClientConfig#authenticationRetryInterval()},
 * because resending the same credentials sooner cannot succeed. The message never contains a password.
 */
public class AuthenticationFailedException extends HaMqttException {

    private final Map<BrokerAddress, Integer> reasonCodes;

    /**
     * Creates the exception for one node's refusal.
     *
     * @param node       the node that refused
     * @param reasonCode the CONNACK code as the broker sent it (MQTT 5 reason code or MQTT 3.1.1 return code)
     * @param message    what was refused and why
     * @param cause      the MQTT library's exception, or null
     */
    public AuthenticationFailedException(BrokerAddress node, int reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCodes = Map.of(Objects.requireNonNull(node, "node"), reasonCode);
    }

    /**
     * Creates the exception for several nodes that all refused.
     *
     * @param reasonCodes the CONNACK code of every node that refused, in configured order; not empty
     * @param message     a summary naming the nodes
     */
    public AuthenticationFailedException(Map<BrokerAddress, Integer> reasonCodes, String message) {
        super(message);
        if (reasonCodes.isEmpty()) {
            throw new IllegalArgumentException("An authentication failure needs at least one node");
        }
        // Map.copyOf would lose the configured order, which the message follows too.
        this.reasonCodes = Collections.unmodifiableMap(new LinkedHashMap<>(reasonCodes));
    }

    /**
     * Returns the nodes that refused the credentials.
     *
     * @return at least one node, in configured order
     */
    public List<BrokerAddress> nodes() {
        return List.copyOf(reasonCodes.keySet());
    }

    /**
     * Returns the CONNACK code every node refused with: an MQTT 5 reason code (0x86, 0x87, 0x8C) or an
     * MQTT 3.1.1 return code (4, 5).
     *
     * @return the codes by node, in configured order
     */
    public Map<BrokerAddress, Integer> reasonCodes() {
        return reasonCodes;
    }
}
