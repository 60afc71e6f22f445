package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import java.nio.charset.StandardCharsets;

/** Small factories of Braze records for the sink's tests. */
final class TestRecords {

    private TestRecords() {}

    static BrazeRecord attributes(String user, int sequence) {
        return record(
                BrazeArray.ATTRIBUTES,
                user,
                "{\"external_id\":\"" + user + "\",\"seq\":" + sequence + "}",
                sequence);
    }

    static BrazeRecord event(String user, int sequence) {
        return record(
                BrazeArray.EVENTS,
                user,
                "{\"external_id\":\""
                        + user
                        + "\",\"name\":\"e\",\"time\":\"2025-12-01T00:00:00Z\"}",
                sequence);
    }

    static BrazeRecord delete(String user, int sequence) {
        return record(BrazeArray.EXTERNAL_IDS, user, "\"" + user + "\"", sequence);
    }

    static BrazeRecord record(BrazeArray array, String user, String element, long offset) {
        byte[] bytes = element.getBytes(StandardCharsets.UTF_8);
        return new BrazeRecord(
                array,
                "external_id:" + user,
                bytes,
                new RecordOrigin("test-sync", "cdp", 0, offset, bytes));
    }

    static PendingRecord pending(BrazeRecord record, long acceptedAt) {
        return new PendingRecord(record, 0, false, acceptedAt);
    }
}
