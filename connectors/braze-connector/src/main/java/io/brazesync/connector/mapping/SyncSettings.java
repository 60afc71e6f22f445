package io.brazesync.connector.mapping;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What one sync sends to Braze: its mode and, for {@code user_track}, its record type, the fields
 * that hold JSON text, how invalid records and null values are treated, and whether unchanged
 * attribute values are dropped.
 */
@PublicEvolving
public final class SyncSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final Mode mode;
    private final TrackRecordType trackRecordType;
    private final List<String> preFormattedFields;
    private final boolean skipOnInvalidRecords;
    private final NullValues nullValues;
    private final boolean changeDetection;

    private SyncSettings(Builder builder) {
        this.name = checkNotNull(builder.name, "a sync needs a name");
        this.mode = checkNotNull(builder.mode, "sync '%s' needs a mode", name);
        checkArgument(
                mode != Mode.USER_TRACK || builder.trackRecordType != null,
                "sync '%s' has mode user_track and needs a track-record-type "
                        + "(custom_events, purchases or user_profile_attributes)",
                name);
        this.trackRecordType = mode == Mode.USER_TRACK ? builder.trackRecordType : null;
        this.preFormattedFields = List.copyOf(builder.preFormattedFields);
        this.skipOnInvalidRecords = builder.skipOnInvalidRecords;
        this.nullValues = builder.nullValues;
        this.changeDetection = builder.changeDetection;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public Mode mode() {
        return mode;
    }

    /** The record type of a {@code user_track} sync; null for the other modes. */
    public TrackRecordType trackRecordType() {
        return trackRecordType;
    }

    public List<String> preFormattedFields() {
        return preFormattedFields;
    }

    public boolean skipOnInvalidRecords() {
        return skipOnInvalidRecords;
    }

    public NullValues nullValues() {
        return nullValues;
    }

    public boolean changeDetection() {
        return changeDetection;
    }

    /** Whether this sync writes profile attributes, the only records change detection drops. */
    public boolean sendsAttributes() {
        return mode == Mode.USER_TRACK
                && trackRecordType == TrackRecordType.USER_PROFILE_ATTRIBUTES;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SyncSettings)) {
            return false;
        }
        SyncSettings that = (SyncSettings) o;
        return skipOnInvalidRecords == that.skipOnInvalidRecords
                && changeDetection == that.changeDetection
                && name.equals(that.name)
                && mode == that.mode
                && trackRecordType == that.trackRecordType
                && preFormattedFields.equals(that.preFormattedFields)
                && nullValues == that.nullValues;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mode, trackRecordType);
    }

    @Override
    public String toString() {
        return "sync '" + name + "' (" + mode.configValue() + ")";
    }

    /**
     * Builds {@link SyncSettings}; defaults: skip invalid records, ignore nulls, detect changes.
     */
    public static final class Builder {
        private final String name;
        private Mode mode;
        private TrackRecordType trackRecordType;
        private List<String> preFormattedFields = List.of();
        private boolean skipOnInvalidRecords = true;
        private NullValues nullValues = NullValues.IGNORE;
        private boolean changeDetection = true;

        private Builder(String name) {
            this.name = name;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder trackRecordType(TrackRecordType trackRecordType) {
            this.trackRecordType = trackRecordType;
            return this;
        }

        public Builder preFormattedFields(List<String> fields) {
            this.preFormattedFields = checkNotNull(fields, "pre-formatted-fields");
            return this;
        }

        public Builder skipOnInvalidRecords(boolean skip) {
            this.skipOnInvalidRecords = skip;
            return this;
        }

        public Builder nullValues(NullValues nullValues) {
            this.nullValues = checkNotNull(nullValues, "null-values");
            return this;
        }

        public Builder changeDetection(boolean changeDetection) {
            this.changeDetection = changeDetection;
            return this;
        }

        public SyncSettings build() {
            return new SyncSettings(this);
        }
    }
}
