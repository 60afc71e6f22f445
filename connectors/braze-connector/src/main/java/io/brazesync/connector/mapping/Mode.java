package io.brazesync.connector.mapping;

import org.apache.flink.annotation.PublicEvolving;

/** Which Braze endpoint family the records of a sync drive, as in a CDP's Braze export. */
@PublicEvolving
public enum Mode {
    USER_NEW_ALIAS("user_new_alias"),
    USER_IDENTIFY("user_identify"),
    USER_TRACK("user_track"),
    USER_DELETE("user_delete");

    private final String configValue;

    Mode(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Reads a configuration value, failing with the allowed values when it is not one. */
    public static Mode fromConfig(String value) {
        return ConfigValues.parse("mode", value, values(), Mode::configValue);
    }
}
