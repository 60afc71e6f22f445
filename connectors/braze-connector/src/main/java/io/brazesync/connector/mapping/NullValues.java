package io.brazesync.connector.mapping;

import org.apache.flink.annotation.PublicEvolving;

/** What a {@code null} field of a record means for Braze. */
@PublicEvolving
public enum NullValues {
    /** The field is left out: Braze keeps what it has. */
    IGNORE("ignore"),
    /** The field is sent as {@code null}: Braze removes the attribute. */
    REMOVE("remove");

    private final String configValue;

    NullValues(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Reads a configuration value, failing with the allowed values when it is not one. */
    public static NullValues fromConfig(String value) {
        return ConfigValues.parse("null-values", value, values(), NullValues::configValue);
    }
}
