package io.mqttha.client;

import java.util.Objects;

/**
 * One MQTT 5 user property. A message may carry the same name more than once; order is kept.
 *
 * @param name  the property name
 * @param value the property value
 */
public record UserProperty(String name, String value) {

    /** Checks that neither component is null. */
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
