/**
 * The SDK's implementation; nothing here is API, and every type may change.
 *
 * <h2>Shape</h2>
 * {@link io.mqttha.client.internal.HaMqttClients} builds the client a configuration asks for: the failover engine
 * ({@link io.mqttha.client.internal.DefaultHaMqttClient}) and, unless continuity is off, the continuity layer
 * above it ({@link io.mqttha.client.internal.ContinuityClient}). The engine keeps the lock, the phase and the
 * main connection's life from attempt to loss; each other concern is a collaborator of its own:
 * <ul>
 * <li>{@code SubscriptionRegistry}: the subscriptions restored on every connection, and routing to consumers;</li>
 * <li>{@code PublishPipeline}: the offline buffer, sending, acknowledgements, re-sending after a loss;</li>
 * <li>{@code Standby}: the second connection that holds the subscriptions on another node;</li>
 * <li>{@code PlannedSwitch}: failback to the preferred node and the replacement of a promoted standby,
 * make-before-break;</li>
 * <li>{@code HealthProbes}: this client's listener of a {@code NodeProber}, which probes every node each interval
 * for all clients of the JVM that probe the same cluster the same way ({@code NodeProbers}), and out-of-turn
 * rounds in an outage; {@code NodeHealthRecorder} turns what the engine
 * learns about a node into {@code NodeTracker} state and events;</li>
 * <li>{@code ConnectVerdict}: the outcome of {@code connect()}; {@code EventDispatcher}: listeners;
 * {@code ClientThreads}: the client's three lanes ({@code SerialLane}) on the threads all clients share
 * ({@code SharedPools});</li>
 * <li>{@code Link}: one connection with its hang detector; {@code BrokerConnection} and
 * {@code ConnectionFactory} are the seam to the MQTT library ({@code HiveMq*}, {@code Mqtt3/5Connection}).</li>
 * </ul>
 *
 * <h2>Threads and the lock</h2>
 * One client has three lanes, each running its tasks one at a time and in order on threads that all clients
 * of the JVM share, so that a fleet costs a fixed number of threads. The <b>coordinator</b> runs the engine's
 * decisions: the outcome of every connect, subscribe and probe, the watchdog (every 100 ms: hung links,
 * failback, standby upkeep, due retries) and the timers. The <b>callback</b> lane completes the futures the API
 * returns and calls listeners, in order. The <b>inbound</b> lane hands messages to consumers. Each kind of lane
 * has a pool of its own, so that application code blocking in a listener or consumer never holds up the
 * engines. One thread per JVM, {@code mqtt-ha-timer}, hands due timers to their lanes; one more,
 * {@code mqtt-ha-probes}, schedules the shared probes, whose answers reach each client on its coordinator. User
 * code never runs on the coordinator or under the lock.
 *
 * <p>All engine state is guarded by the engine's one lock, held only for short steps that never block.
 * Collaborators take no lock of their own: the engine calls them with its lock held, and the continuations they
 * schedule themselves (a SUBACK, a standby's CONNACK) take that same lock, which the engine hands them. Two
 * paths run on other threads by design: a publish is handed to the library outside the lock (after being marked
 * sent under it), and an acknowledgement outside a planned switch is handled under the lock on the thread that
 * delivers it, since a hop to the coordinator per message cost throughput.
 */
package io.mqttha.client.internal;
