package io.brazesync.connector.sink;

import static io.brazesync.connector.sink.TestRecords.attributes;
import static io.brazesync.connector.sink.TestRecords.delete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brazesync.connector.record.BrazeArray;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrazeWriterStateSerializerTest {

    private final BrazeWriterStateSerializer serializer = new BrazeWriterStateSerializer();

    @Test
    void roundTripsRecordsWithAttemptsAndInFlightFlagInOrder() throws IOException {
        BrazeWriterState state =
                new BrazeWriterState(
                        List.of(
                                new PendingRecord(attributes("u1", 1), 3, true, 0),
                                new PendingRecord(delete("u1", 2), 0, false, 0)));

        BrazeWriterState restored =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(restored.records()).hasSize(2);
        PendingRecord first = restored.records().get(0);
        assertThat(first.record()).isEqualTo(state.records().get(0).record());
        assertThat(first.attempts()).isEqualTo(3);
        assertThat(first.restoredFromInFlight()).isTrue();
        assertThat(restored.records().get(1).record()).isEqualTo(delete("u1", 2));
    }

    @Test
    void readsStateWrittenInTheVersionOneLayout() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        for (String text :
                new String[] {"EVENTS", "external_id:u9", "{\"external_id\":\"u9\"}", "sync"}) {
            writeText(out, text);
        }
        writeText(out, "cdp.events");
        out.writeInt(2);
        out.writeLong(41L);
        writeText(out, "{\"original\":true}");
        out.writeInt(4);
        out.writeBoolean(true);

        BrazeWriterState restored = serializer.deserialize(1, bytes.toByteArray());

        PendingRecord record = restored.records().get(0);
        assertThat(record.record().array()).isEqualTo(BrazeArray.EVENTS);
        assertThat(record.userKey()).isEqualTo("external_id:u9");
        assertThat(record.record().elementAsString()).isEqualTo("{\"external_id\":\"u9\"}");
        assertThat(record.record().origin().describe())
                .isEqualTo("sync 'sync', topic 'cdp.events', partition 2, offset 41");
        assertThat(new String(record.record().origin().originalValue(), StandardCharsets.UTF_8))
                .isEqualTo("{\"original\":true}");
        assertThat(record.attempts()).isEqualTo(4);
        assertThat(record.restoredFromInFlight()).isTrue();
        assertThat(serializer.serialize(restored)).isEqualTo(bytes.toByteArray());
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void refusesAnUnknownVersion() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[4]))
                .hasMessageContaining("version 99");
    }
}
