package io.brazesync.connector.mapping;

import io.brazesync.connector.record.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** JMH: mapping and validating one CDP record of each kind, as the job does for every record. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordMapperBenchmark {

    private final RecordMapper mapper = new RecordMapper();
    private final SyncSettings profiles = track(TrackRecordType.USER_PROFILE_ATTRIBUTES);
    private final SyncSettings events = track(TrackRecordType.CUSTOM_EVENTS);
    private final SyncSettings purchases = track(TrackRecordType.PURCHASES);

    private final RecordOrigin profile =
            origin(
                    "{\"external_id\":\"user-123\",\"first_name\":\"First123\","
                            + "\"last_name\":\"Last123\",\"email\":\"user-123@example.com\","
                            + "\"plan\":\"pro\",\"home_city\":\"Lisbon\",\"loyalty_points\":3234,"
                            + "\"vip\":false,\"last_seen\":\"2026-11-03T10:00:00Z\","
                            + "\"preferences\":\"{\\\"newsletter\\\":true}\"}");
    private final RecordOrigin event =
            origin(
                    "{\"external_id\":\"user-123\",\"name\":\"article_read\","
                            + "\"time\":1764547260000,\"source\":\"web\","
                            + "\"properties\":{\"section\":\"news\",\"words\":812}}");
    private final RecordOrigin purchase =
            origin(
                    "{\"external_id\":\"user-123\",\"product_id\":\"sku-3\",\"currency\":\"eur\","
                            + "\"price\":9.87,\"quantity\":2,\"time\":\"2025-12-07T12:58:00Z\","
                            + "\"coupon\":\"WINTER\"}");
    private final RecordOrigin invalid =
            origin("{\"external_id\":\"user-123\",\"dob\":\"1990-02-30\",\"plan\":\"pro\"}");

    private static SyncSettings track(TrackRecordType type) {
        return SyncSettings.builder("bench")
                .mode(io.brazesync.connector.mapping.Mode.USER_TRACK)
                .trackRecordType(type)
                .preFormattedFields(List.of("preferences"))
                .build();
    }

    private static RecordOrigin origin(String json) {
        return new RecordOrigin("bench", "t", 0, 0, json.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public MappingResult profileAttributes() {
        return mapper.map(profiles, profile);
    }

    @Benchmark
    public MappingResult customEvent() {
        return mapper.map(events, event);
    }

    @Benchmark
    public MappingResult purchase() {
        return mapper.map(purchases, purchase);
    }

    @Benchmark
    public MappingResult invalidRecord() {
        return mapper.map(profiles, invalid);
    }
}
