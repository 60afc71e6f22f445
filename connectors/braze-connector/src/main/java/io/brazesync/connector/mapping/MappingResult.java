package io.brazesync.connector.mapping;

import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/** The outcome of mapping one CDP record: a Braze record, or the reason it is invalid. */
@PublicEvolving
public final class MappingResult {

    private final BrazeRecord record;
    private final String invalidReason;
    private final RecordOrigin origin;

    private MappingResult(BrazeRecord record, String invalidReason, RecordOrigin origin) {
        this.record = record;
        this.invalidReason = invalidReason;
        this.origin = origin;
    }

    static MappingResult valid(BrazeRecord record) {
        return new MappingResult(record, null, record.origin());
    }

    static MappingResult invalid(String reason, RecordOrigin origin) {
        return new MappingResult(null, Objects.requireNonNull(reason), origin);
    }

    public boolean isValid() {
        return record != null;
    }

    /** The mapped record; only when {@link #isValid()}. */
    public BrazeRecord record() {
        if (record == null) {
            throw new IllegalStateException("an invalid record has no Braze record");
        }
        return record;
    }

    /** Why the record cannot be sent; only when not {@link #isValid()}. */
    public String invalidReason() {
        return invalidReason;
    }

    public RecordOrigin origin() {
        return origin;
    }
}
