package io.brazesync.connector.sink;

import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Everything one sink subtask had accepted and Braze had not acknowledged when a checkpoint was
 * taken, in per-user order: records in flight, waiting for a retry, or buffered.
 */
@Internal
public final class BrazeWriterState {

    private final List<PendingRecord> records;

    BrazeWriterState(List<PendingRecord> records) {
        this.records = List.copyOf(records);
    }

    List<PendingRecord> records() {
        return records;
    }
}
