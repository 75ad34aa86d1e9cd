package io.mqttha.client;

import io.mqttha.brokers.MosquittoBinary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Writes the password file (with {@code mosquitto_passwd -c -b}) and the configuration into
     * {@code directory} and starts the broker; returns once it listens.
     *
     * @param users username to password
     * @param tls   server certificate and key, or null for plain TCP
     */
    static SecuredMosquitto start(Path directory, String name, Map<String, String> users, TestTls tls)
            throws IOException, InterruptedException {
        Path passwords = directory.resolve(name + ".passwd");
        boolean first = true;
        for (Map.Entry<String, String> user : users.entrySet()) {
            List<String> command = first
                    ? List.of(passwdTool().toString(), "-c", "-b", passwords.toString(), user.getKey(), user.getValue())
                    : List.of(passwdTool().toString(), "-b", passwords.toString(), user.getKey(), user.getValue());
            run(command, directory, directory.resolve(name + ".passwd.log"));
            first = false;
        }
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
            conf.append("certfile ").append(tls.serverCertificate()).append('\n')
                    .append("keyfile ").append(tls.serverKey()).append('\n');
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

    private static Path passwdTool() {
        Path besideBroker = MosquittoBinary.locate().resolveSibling("mosquitto_passwd");
        if (Files.isExecutable(besideBroker)) {
            return besideBroker;
        }
        // Debian installs the broker to /usr/sbin and its tools to /usr/bin.
        Path debian = Path.of("/usr/bin/mosquitto_passwd");
        return Files.isExecutable(debian) ? debian : Path.of("mosquitto_passwd");
    }

    /** Runs a tool to completion in {@code directory}, failing with its output if it fails. */
    static void run(List<String> command, Path directory, Path output) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(output));
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
