package io.mqttha.publisher;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.Qos;
import io.mqttha.client.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The publisher's command line. Every option can also come from an environment variable
 * ({@code --node-id} from {@code MQTT_HA_NODE_ID}, and so on), which is how containers configure it. A
 * wrong value is refused with a sentence that names the option.
 */
@Command(name = "publisher", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "A publisher node of the mqtt-ha demo: telemetry at QoS 0, 1 and 2, a retained versioned state "
                        + "document, a retained online/offline status with a last will, and heartbeats.",
                "Prefers its paired broker, fails over when it dies, and returns when it is back. SIGTERM stops it "
                        + "cleanly: buffered messages are sent, the status turns offline, exit code 0.",
                "Every option can be set by an environment variable: MQTT_HA_ and the option's name in capitals, "
                        + "for example MQTT_HA_NODE_ID=3 or MQTT_HA_RATE_QOS1=20."})
public final class PublisherCommand {

    /** The addresses of the local cluster's seven edges, the default in local and compose mode alike. */
    public static final String DEFAULT_BROKERS =
            "127.0.0.1:18831,127.0.0.1:18832,127.0.0.1:18833,127.0.0.1:18834,127.0.0.1:18835,127.0.0.1:18836,127.0.0.1:18837";
    /** Most telemetry messages per second a stream may be asked for. */
    public static final double MAX_RATE = 10_000;
    /** Largest telemetry payload, in bytes: the SDK's default maximum payload, which the cluster's brokers accept. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** How a publisher writes its console log. */
    public enum LogFormat {
        /** One readable line per event. */
        TEXT,
        /** One JSON object per line, for machines. */
        JSON
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--node-id", required = true, paramLabel = "N",
            description = "This publisher's number, 1..number of brokers: it becomes publisher-N, paired with the N-th broker.")
    int nodeId;

    @Option(names = "--brokers", paramLabel = "HOST:PORT,...", defaultValue = DEFAULT_BROKERS,
            description = "Every broker address, in order (default: the local cluster's seven edges).")
    String brokers;

    @Option(names = "--paired-broker", paramLabel = "HOST:PORT",
            description = "The broker this publisher prefers and returns to (default: the N-th of --brokers).")
    String pairedBroker;

    @Option(names = "--topic-prefix", defaultValue = PublisherTopics.DEFAULT_PREFIX,
            description = "Prefix of every topic (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--rate-qos0", defaultValue = "10", paramLabel = "PER_SECOND",
            description = "QoS 0 telemetry messages per second, 0 for none (default: ${DEFAULT-VALUE}).")
    double rateQos0;

    @Option(names = "--rate-qos1", defaultValue = "10", paramLabel = "PER_SECOND",
            description = "QoS 1 telemetry messages per second (default: ${DEFAULT-VALUE}).")
    double rateQos1;

    @Option(names = "--rate-qos2", defaultValue = "10", paramLabel = "PER_SECOND",
            description = "QoS 2 telemetry messages per second (default: ${DEFAULT-VALUE}).")
    double rateQos2;

    @Option(names = "--payload-bytes-qos0", defaultValue = "64", paramLabel = "BYTES",
            description = "QoS 0 telemetry payload size (default: ${DEFAULT-VALUE}).")
    int payloadQos0;

    @Option(names = "--payload-bytes-qos1", defaultValue = "64", paramLabel = "BYTES",
            description = "QoS 1 telemetry payload size (default: ${DEFAULT-VALUE}).")
    int payloadQos1;

    @Option(names = "--payload-bytes-qos2", defaultValue = "64", paramLabel = "BYTES",
            description = "QoS 2 telemetry payload size (default: ${DEFAULT-VALUE}).")
    int payloadQos2;

    @Option(names = "--state-interval", defaultValue = "PT5S", paramLabel = "DURATION",
            description = "How often the retained state document is published, ISO-8601 such as PT5S (default: ${DEFAULT-VALUE}).")
    Duration stateInterval;

    @Option(names = "--heartbeat-interval", defaultValue = "PT1S", paramLabel = "DURATION",
            description = "How often a heartbeat is published (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--keep-alive", defaultValue = "PT2S", paramLabel = "DURATION",
            description = "MQTT keep-alive; a broker declares the publisher gone after 1.5 of them (default: ${DEFAULT-VALUE}).")
    Duration keepAlive;

    @Option(names = "--health-file", paramLabel = "PATH",
            description = "Touch PATH on every heartbeat while connected, for container health checks (default: none).")
    Path healthFile;

    @Option(names = "--username", paramLabel = "NAME",
            description = "The login's username (default: publisher-N, this publisher's identity in the cluster's ACL).")
    String username;

    @Option(names = "--password-file", paramLabel = "PATH",
            description = "A file holding the login's password, so that it never shows in a process list "
                    + "(default: none, connect anonymously, which the mqtt-ha cluster refuses).")
    Path passwordFile;

    @Option(names = "--tls-trust-store", paramLabel = "PATH",
            description = "Speak MQTT over TLS, trusting the certificates in this PKCS12 store (default: plain MQTT).")
    Path tlsTrustStore;

    @Option(names = "--tls-trust-store-password-file", paramLabel = "PATH",
            description = "A file holding the trust store's password (required with --tls-trust-store).")
    Path tlsTrustStorePasswordFile;

    @Option(names = "--log-format", defaultValue = "TEXT", paramLabel = "FORMAT",
            description = "Console log: TEXT (readable lines) or JSON (one object per line) (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    /** A command line whose options fall back to {@code environment}. */
    public static CommandLine commandLine(PublisherCommand command, Map<String, String> environment) {
        return new CommandLine(command)
                .setDefaultValueProvider(new EnvironmentDefaults(environment))
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * The validated settings.
     *
     * @throws ParameterException naming the option whose value is wrong
     */
    public PublisherSettings settings() {
        List<BrokerAddress> addresses = parseBrokers();
        if (nodeId < 1 || nodeId > addresses.size()) {
            throw refuse("--node-id must be between 1 and " + addresses.size() + " (the number of --brokers), was " + nodeId + ".");
        }
        BrokerAddress paired = pairedBroker == null ? addresses.get(nodeId - 1) : parseAddress("--paired-broker", pairedBroker);
        if (!addresses.contains(paired)) {
            throw refuse("--paired-broker " + paired + " is not one of --brokers " + brokers + ".");
        }
        PublisherTopics topics;
        try {
            topics = new PublisherTopics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw refuse("--topic-prefix: " + e.getMessage() + ".");
        }
        Map<Qos, Double> rates = new EnumMap<>(Qos.class);
        rates.put(Qos.AT_MOST_ONCE, rate("--rate-qos0", rateQos0));
        rates.put(Qos.AT_LEAST_ONCE, rate("--rate-qos1", rateQos1));
        rates.put(Qos.EXACTLY_ONCE, rate("--rate-qos2", rateQos2));
        Map<Qos, Integer> payloads = new EnumMap<>(Qos.class);
        payloads.put(Qos.AT_MOST_ONCE, payload("--payload-bytes-qos0", payloadQos0));
        payloads.put(Qos.AT_LEAST_ONCE, payload("--payload-bytes-qos1", payloadQos1));
        payloads.put(Qos.EXACTLY_ONCE, payload("--payload-bytes-qos2", payloadQos2));
        return new PublisherSettings(nodeId, addresses, paired, topics, rates, payloads,
                positive("--state-interval", stateInterval), positive("--heartbeat-interval", heartbeatInterval),
                keepAliveSeconds(), Optional.ofNullable(healthFile), credentials(), tls());
    }

    /** The log format asked for. */
    public LogFormat logFormat() {
        return logFormat;
    }

    private Optional<TlsSettings> tls() {
        if (tlsTrustStore == null) {
            if (tlsTrustStorePasswordFile != null) {
                throw refuse("--tls-trust-store-password-file needs --tls-trust-store.");
            }
            return Optional.empty();
        }
        if (!Files.isReadable(tlsTrustStore)) {
            throw refuse("--tls-trust-store " + tlsTrustStore + " cannot be read.");
        }
        if (tlsTrustStorePasswordFile == null) {
            throw refuse("--tls-trust-store needs --tls-trust-store-password-file.");
        }
        char[] password = readSecret("--tls-trust-store-password-file", tlsTrustStorePasswordFile).toCharArray();
        return Optional.of(TlsSettings.builder().trustStore(tlsTrustStore, password).build());
    }

    /** The first line of a file that holds a secret, refused with a sentence when it cannot be read or is empty. */
    private String readSecret(String option, Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw refuse(option + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ").");
        }
        if (secret.isEmpty()) {
            throw refuse(option + " " + file + " is empty.");
        }
        return secret;
    }

    private Optional<Credentials> credentials() {
        if (passwordFile == null) {
            if (username != null) {
                throw refuse("--username " + username + " needs --password-file.");
            }
            return Optional.empty();
        }
        String password = readSecret("--password-file", passwordFile);
        String login = username != null ? username : PublisherTopics.publisherName(nodeId);
        if (login.isBlank()) {
            throw refuse("--username must not be blank.");
        }
        return Optional.of(Credentials.of(login, password));
    }

    private List<BrokerAddress> parseBrokers() {
        List<BrokerAddress> addresses = new ArrayList<>();
        for (String entry : brokers.split(",", -1)) {
            BrokerAddress address = parseAddress("--brokers", entry.strip());
            if (addresses.contains(address)) {
                throw refuse("--brokers lists " + address + " twice.");
            }
            addresses.add(address);
        }
        return addresses;
    }

    private BrokerAddress parseAddress(String option, String text) {
        try {
            return BrokerAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw refuse(option + ": " + e.getMessage());
        }
    }

    private double rate(String option, double value) {
        if (!(value >= 0 && value <= MAX_RATE)) {
            throw refuse(option + " must be between 0 and " + (long) MAX_RATE + " messages per second, was " + value + ".");
        }
        return value;
    }

    private int payload(String option, int value) {
        if (value < 0 || value > MAX_PAYLOAD_BYTES) {
            throw refuse(option + " must be between 0 and " + MAX_PAYLOAD_BYTES + " bytes, was " + value + ".");
        }
        return value;
    }

    private Duration positive(String option, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw refuse(option + " must be a positive duration such as PT5S, was " + value + ".");
        }
        return value;
    }

    private Duration keepAliveSeconds() {
        if (keepAlive.isNegative() || keepAlive.isZero() || keepAlive.toMillis() % 1000 != 0 || keepAlive.toSeconds() > 65_535) {
            throw refuse("--keep-alive must be whole seconds between PT1S and PT65535S (MQTT counts it in seconds), was "
                    + keepAlive + ".");
        }
        return keepAlive;
    }

    private ParameterException refuse(String sentence) {
        return new ParameterException(spec.commandLine(), sentence);
    }
}
