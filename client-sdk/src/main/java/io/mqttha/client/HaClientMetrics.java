package io.mqttha.client;

import java.time.Instant;

/**
 * A snapshot of the client's counters since it was created.
 *
 * <p>The publish counters include the control messages message continuity sends on its own (announcements,
 * repair requests and the replays answering them, re-published retained values), not only the application's.
 *
 * @param publishesSent         publishes handed to a connection for the first time
 * @param publishesAcknowledged publishes completed successfully (QoS 1/2 acknowledged, QoS 0 written)
 * @param publishesFailed       publish futures failed: refused by a broker, dropped, or outstanding at close
 * @param publishesRepublished  re-sends of unacknowledged publishes after a failover
 * @param publishesRejected     publishes refused with {@link BufferFullException}
 * @param qos0Dropped           QoS 0 messages dropped because the buffer was full
 * @param failovers             moves to another node after a failure
 * @param failbacks             planned moves back to the preferred node
 * @param messagesReceived      messages received on any subscription
 * @param authenticationFailures connections (main, standby and health probe) a node refused because of the
 *                              credentials, see {@link AuthenticationFailedEvent}
 * @param bufferedMessages      messages held now, waiting or unacknowledged
 * @param bufferedBytes         bytes held now
 * @param time                  when the snapshot was taken
 */
public record HaClientMetrics(long publishesSent, long publishesAcknowledged, long publishesFailed,
        long publishesRepublished, long publishesRejected, long qos0Dropped, long failovers, long failbacks,
        long messagesReceived, long authenticationFailures, int bufferedMessages, long bufferedBytes, Instant time) {
}
