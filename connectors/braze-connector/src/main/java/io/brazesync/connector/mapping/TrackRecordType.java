package io.brazesync.connector.mapping;

import org.apache.flink.annotation.PublicEvolving;

/** For the {@code user_track} mode: which {@code /users/track} array the records become. */
@PublicEvolving
public enum TrackRecordType {
    CUSTOM_EVENTS("custom_events"),
    PURCHASES("purchases"),
    USER_PROFILE_ATTRIBUTES("user_profile_attributes");

    private final String configValue;

    TrackRecordType(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Reads a configuration value, failing with the allowed values when it is not one. */
    public static TrackRecordType fromConfig(String value) {
        return ConfigValues.parse(
                "track-record-type", value, values(), TrackRecordType::configValue);
    }
}
