package io.mqttha.publisher;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.Credentials;
import io.mqttha.client.Qos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublisherCommandTest {

    private static PublisherSettings parse(Map<String, String> environment, String... args) {
        PublisherCommand command = new PublisherCommand();
        CommandLine commandLine = PublisherCommand.commandLine(command, environment);
        commandLine.parseArgs(args);
        return command.settings();
    }

    private static PublisherSettings parse(String... args) {
        return parse(Map.of(), args);
    }

    @Test
    void defaultsPairPublisherNWithTheNthLocalEdge() {
        PublisherSettings settings = parse("--node-id", "3");
        assertThat(settings.name()).isEqualTo("publisher-3");
        assertThat(settings.brokers()).hasSize(7);
        assertThat(settings.pairedBroker()).isEqualTo(BrokerAddress.parse("127.0.0.1:18833"));
        assertThat(settings.topics().prefix()).isEqualTo("mqtt-ha");
        assertThat(settings.ratePerSecond()).containsEntry(Qos.AT_MOST_ONCE, 10.0).containsEntry(Qos.EXACTLY_ONCE, 10.0);
        assertThat(settings.payloadBytes()).containsEntry(Qos.AT_LEAST_ONCE, 64);
        assertThat(settings.stateInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.keepAlive()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void environmentVariablesConfigureWhatTheCommandLineDoesNot() {
        Map<String, String> environment = Map.of(
                "MQTT_HA_NODE_ID", "2",
                "MQTT_HA_BROKERS", "node-1:1883,node-2:1883",
                "MQTT_HA_RATE_QOS1", "25",
                "MQTT_HA_STATE_INTERVAL", "PT10S");
        PublisherSettings settings = parse(environment, "--rate-qos1", "30");
        assertThat(settings.name()).isEqualTo("publisher-2");
        assertThat(settings.pairedBroker()).isEqualTo(BrokerAddress.parse("node-2:1883"));
        assertThat(settings.ratePerSecond()).containsEntry(Qos.AT_LEAST_ONCE, 30.0);
        assertThat(settings.stateInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void explicitPairedBrokerMustBeOneOfTheBrokers() {
        assertThatThrownBy(() -> parse("--node-id", "1", "--brokers", "a:1,b:2", "--paired-broker", "c:3"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--paired-broker c:3 is not one of --brokers a:1,b:2.");
        assertThat(parse("--node-id", "1", "--brokers", "a:1,b:2", "--paired-broker", "b:2").pairedBroker())
                .isEqualTo(BrokerAddress.parse("b:2"));
    }

    @Test
    void wrongValuesAreRefusedWithASentenceThatNamesTheOption() {
        assertThatThrownBy(() -> parse("--node-id", "8"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--node-id must be between 1 and 7 (the number of --brokers), was 8.");
        assertThatThrownBy(() -> parse("--node-id", "1", "--rate-qos2", "-1"))
                .hasMessage("--rate-qos2 must be between 0 and 10000 messages per second, was -1.0.");
        assertThatThrownBy(() -> parse("--node-id", "1", "--payload-bytes-qos0", "2000000"))
                .hasMessage("--payload-bytes-qos0 must be between 0 and 262144 bytes, was 2000000.");
        assertThatThrownBy(() -> parse("--node-id", "1", "--heartbeat-interval", "PT0S"))
                .hasMessage("--heartbeat-interval must be a positive duration such as PT5S, was PT0S.");
        assertThatThrownBy(() -> parse("--node-id", "1", "--keep-alive", "PT1.5S"))
                .hasMessageStartingWith("--keep-alive must be whole seconds");
        assertThatThrownBy(() -> parse("--node-id", "1", "--brokers", "a:1,a:1"))
                .hasMessage("--brokers lists a:1 twice.");
        assertThatThrownBy(() -> parse("--node-id", "1", "--brokers", "a:1,nonsense"))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--brokers: ")
                .hasMessageContaining("nonsense");
        assertThatThrownBy(() -> parse("--node-id", "1", "--topic-prefix", "bad/#"))
                .hasMessageStartingWith("--topic-prefix: Topic prefix 'bad/#'");
    }

    @Test
    void theLoginComesFromAPasswordFileAndDefaultsToThePublishersIdentity(@TempDir Path folder) throws IOException {
        Path passwordFile = Files.writeString(folder.resolve("password"), "s3cret-from-file\n");

        PublisherSettings settings = parse("--node-id", "3", "--password-file", passwordFile.toString());
        assertThat(settings.credentials()).contains(Credentials.of("publisher-3", "s3cret-from-file"));
        assertThat(parse("--node-id", "3").credentials()).isEmpty();

        assertThatThrownBy(() -> parse("--node-id", "3", "--username", "someone"))
                .hasMessage("--username someone needs --password-file.");
        assertThatThrownBy(() -> parse("--node-id", "3", "--password-file", folder.resolve("missing").toString()))
                .hasMessage("--password-file " + folder.resolve("missing") + " cannot be read (NoSuchFileException).");
        Path empty = Files.writeString(folder.resolve("empty"), "\n");
        assertThatThrownBy(() -> parse("--node-id", "3", "--password-file", empty.toString()))
                .hasMessage("--password-file " + empty + " is empty.");
    }

    @Test
    void malformedValuesAreRefusedByTheParserNamingTheOption() {
        assertThatThrownBy(() -> parse("--node-id", "three"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--node-id")
                .hasMessageContaining("three");
        assertThatThrownBy(() -> parse("--node-id", "1", "--state-interval", "5s"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--state-interval");
        assertThatThrownBy(() -> parse())
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--node-id");
    }

    @Test
    void everyOptionNamesItsEnvironmentVariable() {
        CommandLine commandLine = PublisherCommand.commandLine(new PublisherCommand(), Map.of());
        assertThat(commandLine.getCommandSpec().options())
                .filteredOn(option -> option.longestName().startsWith("--") && !option.usageHelp() && !option.versionHelp())
                .extracting(EnvironmentDefaults::variableFor)
                .contains("MQTT_HA_NODE_ID", "MQTT_HA_BROKERS", "MQTT_HA_PAIRED_BROKER", "MQTT_HA_RATE_QOS0",
                        "MQTT_HA_PAYLOAD_BYTES_QOS2", "MQTT_HA_HEARTBEAT_INTERVAL", "MQTT_HA_LOG_FORMAT");
    }
}
