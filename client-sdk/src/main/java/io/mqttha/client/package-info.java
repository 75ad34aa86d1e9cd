/**
 * The public API of the mqtt-ha client SDK: one logical MQTT connection over a list of broker nodes.
 *
 * <p>Build an immutable {@link io.mqttha.client.HaClientConfig}, create an
 * {@link io.mqttha.client.HaMqttClient} from it and {@link io.mqttha.client.HaMqttClient#connect() connect};
 * subscribe to {@link io.mqttha.client.HaClientListener} for typed events (connected, disconnected, failover,
 * node health, buffer overflow, authentication failure). Everything under {@code io.mqttha.client.internal}
 * is implementation and may change.
 *
 * <h2>Security</h2>
 * <ul>
 * <li><b>Credentials and TLS.</b> {@link io.mqttha.client.Credentials} are sent in every CONNECT, the
 * client's own connections and its health probes alike; {@link io.mqttha.client.TlsSettings} apply to every
 * connection and are read when the client is created.</li>
 * <li><b>Refused credentials are not a dead node.</b> A CONNACK with MQTT 5 reason code 0x86, 0x87 or 0x8C,
 * or MQTT 3.1.1 return code 4 or 5, makes the node {@link io.mqttha.client.NodeState#REFUSED}, reported
 * through {@link io.mqttha.client.HaClientListener#onAuthenticationFailed} and counted in
 * {@link io.mqttha.client.HaClientMetrics#authenticationFailures()}. The node is then left alone for
 * {@link io.mqttha.client.HaClientConfig#authenticationRetryInterval()} (30 s by default) while the other
 * nodes, which may have another password file, are used. Once every node has refused, {@code connect()}
 * fails with an {@link io.mqttha.client.AuthenticationFailedException} naming them; the client keeps
 * trying at that slow pace, without flooding the brokers.</li>
 * <li><b>Payload limit.</b> {@code publish} refuses a payload above
 * {@link io.mqttha.client.HaClientConfig#maximumPayloadSize()} (256 KiB by default, matching the project's
 * brokers) with a {@link io.mqttha.client.PayloadTooLargeException} before anything is buffered.</li>
 * <li><b>Secrets stay secret.</b> No password, neither the credentials' nor a TLS store's, appears in the
 * text of a configuration, event, exception or metric, or in any log line of the SDK.</li>
 * </ul>
 */
package io.mqttha.client;
