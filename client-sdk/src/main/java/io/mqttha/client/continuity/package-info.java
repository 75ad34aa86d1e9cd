/**
 * Message continuity: the metadata every message published through the SDK carries, the control protocol
 * for announcements and gap repair, and the counters subscribers expose.
 *
 * <p>Each message carries, as MQTT 5 user properties ({@link io.mqttha.client.continuity.ContinuityHeaders}),
 * its origin, the origin's {@link io.mqttha.client.continuity.Incarnation}, a
 * {@linkplain io.mqttha.client.continuity.SequenceNumbers sequence number} per (origin, topic) stream and its
 * send time; retained values also carry a {@link io.mqttha.client.continuity.RetainedVersion}. Control
 * traffic uses the topics of {@link io.mqttha.client.continuity.ControlTopics} and the text format of
 * {@link io.mqttha.client.continuity.ControlMessages}.
 */
package io.mqttha.client.continuity;
