/**
 * Implementation of message continuity, free of any MQTT client library so that every rule is unit-tested
 * with an injected clock: the subscriber-side tracker, the origin-side stamping, replay buffer and
 * announcements, and retained-state convergence on both sides.
 */
package io.mqttha.client.internal.continuity;
