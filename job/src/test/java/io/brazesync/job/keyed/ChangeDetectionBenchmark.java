package io.brazesync.job.keyed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brazesync.connector.mapping.Mode;
import io.brazesync.connector.mapping.RecordMapper;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.mapping.TrackRecordType;
import io.brazesync.connector.record.RecordOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: what the keyed stage does with one mapped profile (nine attributes) when change detection is
 * on: read the user's fingerprints, parse the element, filter it, and write it again when a value
 * was dropped. "New" is a user seen for the first time; "oneChanged" a user whose stored values all
 * repeat but one.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChangeDetectionBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TTL = TimeUnit.DAYS.toMillis(1);

    private byte[] element;
    private byte[] oneChanged;
    private long[] stored;

    @Setup
    public void setUp() throws IOException {
        element = mapped(3234);
        oneChanged = mapped(3235);
        FingerprintTable table = FingerprintTable.of(null, 0, TTL);
        AttributeChanges.filter((ObjectNode) JSON.readTree(element), table);
        stored = table.toState();
    }

    private static byte[] mapped(int loyaltyPoints) {
        String profile =
                "{\"external_id\":\"user-123\",\"first_name\":\"First123\","
                        + "\"last_name\":\"Last123\",\"email\":\"user-123@example.com\","
                        + "\"plan\":\"pro\",\"home_city\":\"Lisbon\",\"loyalty_points\":"
                        + loyaltyPoints
                        + ",\"vip\":false,\"last_seen\":\"2026-11-03T10:00:00Z\","
                        + "\"preferences\":\"{\\\"newsletter\\\":true}\"}";
        SyncSettings sync =
                SyncSettings.builder("bench")
                        .mode(Mode.USER_TRACK)
                        .trackRecordType(TrackRecordType.USER_PROFILE_ATTRIBUTES)
                        .preFormattedFields(List.of("preferences"))
                        .build();
        RecordOrigin origin =
                new RecordOrigin("bench", "t", 0, 0, profile.getBytes(StandardCharsets.UTF_8));
        return new RecordMapper().map(sync, origin).record().element();
    }

    private static void filter(byte[] element, long[] stored, Blackhole sent) throws IOException {
        FingerprintTable table = FingerprintTable.of(stored, 0, TTL);
        ObjectNode attributes = (ObjectNode) JSON.readTree(element);
        AttributeChanges.Result result = AttributeChanges.filter(attributes, table);
        if (result.unchangedValues() > 0 && !result.isEmpty()) {
            sent.consume(JSON.writeValueAsBytes(attributes));
        }
        sent.consume(table.toState());
    }

    @Benchmark
    public void newUser(Blackhole sent) throws IOException {
        filter(element, null, sent);
    }

    @Benchmark
    public void oneChanged(Blackhole sent) throws IOException {
        filter(oneChanged, stored, sent);
    }
}
