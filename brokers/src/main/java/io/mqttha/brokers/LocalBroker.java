package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.FreePorts;
import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.brokers.probe.NodeState;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One plain Mosquitto broker on a loopback port, with no bridges: the baseline that benchmarks and
 * single-broker tests measure against. Mosquitto's own "local only" mode ({@code mosquitto -p PORT}
 * without a config) binds it to the loopback interface and admits anonymous clients.
 */
public final class LocalBroker implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final ManagedProcess process;
    private final Path mosquitto;
    private final int port;

    private LocalBroker(ManagedProcess process, Path mosquitto, int port) {
        this.process = process;
        this.mosquitto = mosquitto;
        this.port = port;
    }

    /**
     * Starts a broker on a free port and returns once it answers MQTT.
     *
     * @param runDirectory where its log goes
     * @throws ClusterException when {@code mosquitto} is missing or does not come up within
     *                          {@link LocalCluster#DEFAULT_READY_TIMEOUT}
     */
    public static LocalBroker start(Path runDirectory) {
        int port = FreePorts.take(1).get(0);
        LocalBroker broker = new LocalBroker(new ManagedProcess("broker-" + port, runDirectory.toAbsolutePath(), LocalCluster.LOG_FILE_NAME),
                MosquittoBinary.locate(), port);
        // A test or benchmark JVM cut short must not leave its brokers behind.
        broker.process.stopWithThisJvm(true);
        broker.launch();
        return broker;
    }

    /** The address clients connect to, {@code 127.0.0.1:PORT}. */
    public String address() {
        return host() + ":" + port;
    }

    /** The host clients connect to. */
    public String host() {
        return ClusterDescription.LOCAL_HOST;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    public void kill() {
        process.kill(LocalCluster.STOP_GRACE);
    }

    /** SIGSTOP: the broker keeps accepting TCP but answers nothing. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT. */
    public void resume() {
        process.resume();
    }

    /** Stops the broker if it runs and starts it again on its port, returning once it answers MQTT. */
    public void restart() {
        if (process.isRunning()) {
            process.requestStop();
            process.finishStop(LocalCluster.STOP_GRACE);
        }
        launch();
    }

    /** Stops the broker. */
    @Override
    public void close() {
        if (process.isRunning()) {
            process.requestStop();
        }
        process.finishStop(LocalCluster.STOP_GRACE);
    }

    private void launch() {
        process.launch(mosquitto, List.of("-p", Integer.toString(port)));
        MqttProbe probe = new MqttProbe();
        Instant deadline = Instant.now().plus(LocalCluster.DEFAULT_READY_TIMEOUT);
        while (probe.probe(host(), port).state() != NodeState.UP) {
            if (!process.isRunning()) {
                throw new ClusterException("The broker on port " + port + " exited while starting: " + process.lastLogLine() + ".");
            }
            if (Instant.now().isAfter(deadline)) {
                process.kill(LocalCluster.STOP_GRACE);
                throw new ClusterException("The broker on port " + port + " did not answer MQTT within "
                        + LocalCluster.DEFAULT_READY_TIMEOUT.toSeconds() + " s; see " + process.logFile() + ".");
            }
            ManagedProcess.sleep(POLL_INTERVAL);
        }
    }
}
