package io.brazesync.connector.sink;

import static io.brazesync.connector.sink.TestRecords.attributes;
import static io.brazesync.connector.sink.TestRecords.delete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
    void refusesAnUnknownVersion() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[4]))
                .hasMessageContaining("version 99");
    }
}
