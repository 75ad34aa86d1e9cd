package io.mqttha.publisher;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;

/**
 * Takes an option's value from the environment when the command line does not give it: {@code --node-id}
 * from {@code MQTT_HA_NODE_ID}, {@code --rate-qos1} from {@code MQTT_HA_RATE_QOS1}, and so on. This
 * is how containers configure publishers.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    /** Prefix of every variable. */
    static final String PREFIX = "MQTT_HA_";

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The variable that sets {@code option}, for example {@code MQTT_HA_NODE_ID} for {@code --node-id}. */
    static String variableFor(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option) {
            String value = environment.get(variableFor(option));
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return argument.defaultValue();
    }
}
