package io.mqttha.client;

import io.mqttha.brokers.MosquittoBinary;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.DevCertificateAuthority;
import io.mqttha.brokers.security.Login;
import io.mqttha.brokers.security.MosquittoPasswordFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Mosquitto broker on a free loopback port that admits only the users of its own password file, over
 * TLS when given certificates. Started as a child process and stopped by its own handle.
 */
final class SecuredMosquitto implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** What mosquitto 2.0 logs for every CONNECT its password file refused. */
    private static final String REFUSAL_LOG_LINE = "disconnected, not authorised";

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;

    private SecuredMosquitto(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Writes the password file and the configuration into {@code directory} and starts the broker; returns
     * once it listens.
     *
     * @param users username to password
     * @param tls   the CA whose certificate for {@code broker-NAME} the broker serves, or null for plain TCP
     */
    static SecuredMosquitto start(Path directory, String name, Map<String, String> users, DevCertificateAuthority tls)
            throws IOException, InterruptedException {
        Path passwords = directory.resolve(name + ".passwd");
        List<Login> logins = users.entrySet().stream().map(user -> new Login(user.getKey(), user.getValue())).toList();
        ClusterSecrets.writeOwnerOnly(passwords, MosquittoPasswordFile.render(logins, new SecureRandom()));
        int port = freePort();
        Path logFile = directory.resolve(name + ".log");
        StringBuilder conf = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            // Started as root, mosquitto switches to the user 'mosquitto', who cannot read a private temp folder.
            conf.append("user root\n");
        }
        conf.append("listener ").append(port).append(' ').append(HOST).append('\n')
                .append("allow_anonymous false\n")
                .append("password_file ").append(passwords).append('\n')
                // A log file is written line by line (stdout is buffered), so refusals can be counted at any time.
                .append("log_dest file ").append(logFile).append('\n');
        if (tls != null) {
            conf.append("certfile ").append(tls.certificateFile("broker-" + name)).append('\n')
                    .append("keyfile ").append(tls.privateKeyFile("broker-" + name)).append('\n');
        }
        Path confFile = directory.resolve(name + ".conf");
        Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8);
        Path output = directory.resolve(name + ".out");
        Process process = new ProcessBuilder(MosquittoBinary.locate().toString(), "-c", confFile.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        SecuredMosquitto broker = new SecuredMosquitto(name, port, logFile, process);
        broker.awaitListening(output);
        return broker;
    }

    /** The address clients connect to. */
    BrokerAddress address() {
        return new BrokerAddress(HOST, port);
    }

    /** How many CONNECTs this broker has refused for credentials so far, counted from its log. */
    long refusedConnections() throws IOException {
        return log().lines().filter(line -> line.contains(REFUSAL_LOG_LINE)).count();
    }

    /** The broker's log so far. */
    String log() throws IOException {
        return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    }

    /** Stops the broker: SIGTERM, then SIGKILL if it has not exited within five seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + "@" + address();
    }

    private void awaitListening(Path output) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    close();
                    throw new IllegalStateException("mosquitto " + name + " did not listen on port " + port + ": "
                            + Files.readString(output) + log());
                }
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
