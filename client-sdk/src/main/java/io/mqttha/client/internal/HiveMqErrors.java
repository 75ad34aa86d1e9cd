package io.mqttha.client.internal;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3DisconnectException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5UnsubAckException;
import com.hivemq.client.mqtt.mqtt5.message.Mqtt5ReasonCode;
import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ConnectionLostException;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.NodeHungException;
import io.mqttha.client.RejectedByBrokerException;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Translates the HiveMQ client's exceptions into the SDK's, deciding whether the connection or the request
 * was the problem. The HiveMQ client reports its own timeouts only by message, hence the text checks.
 */
final class HiveMqErrors {

    private static final int UNSPECIFIED_ERROR = 0x80;

    private HiveMqErrors() {
    }

    static HaMqttException translate(Throwable failure, BrokerAddress node, String what) {
        Throwable e = unwrap(failure);
        if (e instanceof HaMqttException known) {
            return known;
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof TimeoutException) {
            return new NodeHungException(node, what + ": " + node + " did not answer in time");
        }
        if (e instanceof Mqtt5DisconnectException || e instanceof Mqtt3DisconnectException
                || e instanceof ConnectionClosedException) {
            if (message.contains("Timeout")) {
                return new NodeHungException(node, what + ": " + node + " stopped answering (" + message + ")");
            }
            return new ConnectionLostException(node, what + ": connection to " + node + " closed: " + message, e);
        }
        if (e instanceof ConnectionFailedException) {
            return new ConnectionLostException(node, what + ": cannot connect to " + node + ": "
                    + String.valueOf(e.getCause() != null ? e.getCause().getMessage() : message), e);
        }
        if (e instanceof MqttSessionExpiredException || e instanceof MqttClientStateException) {
            return new ConnectionLostException(node, what + ": connection to " + node + " ended: " + message, e);
        }
        Optional<Integer> reasonCode = reasonCode(e);
        if (reasonCode.isPresent() && (e instanceof Mqtt5ConnAckException || e instanceof Mqtt3ConnAckException)) {
            int code = reasonCode.get();
            Optional<String> reason = AuthenticationCodes.reason(code);
            if (reason.isPresent()) {
                // The library's message and the CONNACK carry no credentials; the CONNECT, which does, is not quoted.
                return new AuthenticationFailedException(node, code, what + " refused by " + node + ": "
                        + reason.get() + " (" + AuthenticationCodes.format(code) + ")" + brokerReason(e), e);
            }
        }
        if (reasonCode.isPresent()) {
            return new RejectedByBrokerException(node, reasonCode.get(), what + " refused by " + node + " with reason code 0x"
                    + Integer.toHexString(reasonCode.get()) + ": " + message);
        }
        return new HaMqttException(what + " failed on " + node + ": " + e, e);
    }

    private static Optional<Integer> reasonCode(Throwable e) {
        if (e instanceof Mqtt5PubAckException x) {
            return Optional.of(x.getMqttMessage().getReasonCode().getCode());
        }
        if (e instanceof Mqtt5PubRecException x) {
            return Optional.of(x.getMqttMessage().getReasonCode().getCode());
        }
        if (e instanceof Mqtt5SubAckException x) {
            return firstError(x.getMqttMessage().getReasonCodes());
        }
        if (e instanceof Mqtt5UnsubAckException x) {
            return firstError(x.getMqttMessage().getReasonCodes());
        }
        if (e instanceof Mqtt5ConnAckException x) {
            return Optional.of(x.getMqttMessage().getReasonCode().getCode());
        }
        if (e instanceof Mqtt3ConnAckException x) {
            Mqtt3ConnAck connAck = x.getMqttMessage();
            return Optional.of(connAck.getReturnCode().getCode());
        }
        if (e instanceof Mqtt3SubAckException) {
            return Optional.of(UNSPECIFIED_ERROR);
        }
        return Optional.empty();
    }

    /** The MQTT 5 reason string a broker may add to its CONNACK, as {@code "; broker says: ..."}. */
    private static String brokerReason(Throwable e) {
        if (e instanceof Mqtt5ConnAckException x) {
            return x.getMqttMessage().getReasonString().map(r -> "; broker says: " + r).orElse("");
        }
        return "";
    }

    static Optional<Integer> firstError(List<? extends Mqtt5ReasonCode> codes) {
        return codes.stream().filter(Mqtt5ReasonCode::isError).map(Mqtt5ReasonCode::getCode).findFirst()
                .or(() -> Optional.of(UNSPECIFIED_ERROR));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
