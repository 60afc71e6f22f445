package io.brazesync.connector.deadletter;

import io.brazesync.connector.record.RecordOrigin;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/** A record that will never reach Braze, with the reason, as it goes to the dead-letter topic. */
@PublicEvolving
public final class DeadLetter {

    private final RecordOrigin origin;
    private final String reason;
    private final int attempts;
    private final String brazeError;

    public DeadLetter(RecordOrigin origin, String reason, int attempts, String brazeError) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.attempts = attempts;
        this.brazeError = brazeError;
    }

    /** A record that the sync's mapping refused before any request was made. */
    public static DeadLetter invalid(RecordOrigin origin, String reason) {
        return new DeadLetter(origin, reason, 0, null);
    }

    public RecordOrigin origin() {
        return origin;
    }

    public String reason() {
        return reason;
    }

    /** How many requests carried the record before it was given up; 0 if none did. */
    public int attempts() {
        return attempts;
    }

    /** Braze's own error text, or null when Braze said nothing about this record. */
    public String brazeError() {
        return brazeError;
    }

    @Override
    public String toString() {
        return "DeadLetter{" + origin.describe() + ", reason=" + reason + "}";
    }
}
