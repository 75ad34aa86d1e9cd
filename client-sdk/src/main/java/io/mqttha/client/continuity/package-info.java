/**
 * Message continuity as applications see it: its configuration ({@link io.mqttha.client.continuity.ContinuityConfig})
 * and its counters ({@link io.mqttha.client.continuity.ContinuitySnapshot}, one
 * {@link io.mqttha.client.continuity.StreamStats} per {@link io.mqttha.client.continuity.StreamKey stream}).
 *
 * <p>Every message published through the SDK carries its origin, the origin's
 * {@link io.mqttha.client.continuity.Incarnation}, a sequence number per (origin, topic) stream and its send
 * time, as MQTT 5 user properties; what a subscriber needs of them is on
 * {@link io.mqttha.client.InboundMessage}. The wire format and the control protocol (announcements, repair
 * requests, replays) are implementation and may change between versions.
 */
package io.mqttha.client.continuity;
