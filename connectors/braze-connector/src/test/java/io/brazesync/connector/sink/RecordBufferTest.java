package io.brazesync.connector.sink;

import static io.brazesync.connector.sink.TestRecords.attributes;
import static io.brazesync.connector.sink.TestRecords.delete;
import static io.brazesync.connector.sink.TestRecords.event;
import static io.brazesync.connector.sink.TestRecords.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.connector.record.RequestKind;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordBufferTest {

    private static final long NOW = 1_000_000L;

    private static RecordBuffer buffer(TrackCapModel model, int trackCap) {
        return new RecordBuffer(new BatchLimits(model, trackCap, 50, 4 * 1024 * 1024));
    }

    private static Batch take(RecordBuffer buffer, boolean force, Set<String> busy) {
        return buffer.takeBatch(busy::contains, kind -> true, NOW - 1000, force);
    }

    @Test
    void fillsTrackBatchesToTheTotalCapAcrossArrays() {
        RecordBuffer buffer = buffer(TrackCapModel.TOTAL, 75);
        for (int i = 0; i < 100; i++) {
            buffer.add(pending(attributes("u" + i, i), NOW));
            buffer.add(pending(event("u" + i, i), NOW));
        }

        Batch first = take(buffer, false, Set.of());

        assertThat(first.size()).isEqualTo(75);
        assertThat(buffer.size()).isEqualTo(125);
    }

    @Test
    void perArrayModelTakesTheCapInEachArray() {
        RecordBuffer buffer = buffer(TrackCapModel.PER_ARRAY, 75);
        for (int i = 0; i < 100; i++) {
            buffer.add(pending(attributes("u" + i, i), NOW));
            buffer.add(pending(event("u" + i, i), NOW));
        }

        Batch first = take(buffer, false, Set.of());

        assertThat(first.countsPerArray().values()).containsOnly(75);
        assertThat(first.size()).isEqualTo(150);
    }

    @Test
    void waitsForLingerUnlessFullOrForced() {
        RecordBuffer buffer = buffer(TrackCapModel.TOTAL, 75);
        buffer.add(pending(attributes("u1", 1), NOW));

        assertThat(take(buffer, false, Set.of())).isNull();
        assertThat(buffer.takeBatch(u -> false, k -> true, NOW, false)).isNotNull();
    }

    @Test
    void aDeleteNeverOvertakesAnEarlierTrackOfTheSameUser() {
        RecordBuffer buffer = buffer(TrackCapModel.TOTAL, 75);
        buffer.add(pending(attributes("u1", 1), NOW));
        buffer.add(pending(delete("u1", 2), NOW));
        buffer.add(pending(delete("u2", 3), NOW));

        Batch first = buffer.takeBatch(u -> false, kind -> kind != RequestKind.TRACK, NOW, true);

        assertThat(first.kind()).isEqualTo(RequestKind.DELETE_BY_EXTERNAL_ID);
        assertThat(users(first)).containsExactly("external_id:u2");
    }

    @Test
    void skipsUsersWithARequestUnderWayAndKeepsTheirRecordsInOrder() {
        RecordBuffer buffer = buffer(TrackCapModel.TOTAL, 75);
        buffer.add(pending(attributes("busy", 1), NOW));
        buffer.add(pending(attributes("idle", 2), NOW));
        buffer.add(pending(attributes("busy", 3), NOW));

        Batch batch = take(buffer, true, Set.of("external_id:busy"));

        assertThat(users(batch)).containsExactly("external_id:idle");
        assertThat(buffer.records())
                .extracting(p -> p.record().origin().offset())
                .containsExactly(1L, 3L);
    }

    @Test
    void aUserWhoseRecordDidNotFitKeepsLaterRecordsBack() {
        RecordBuffer buffer = buffer(TrackCapModel.TOTAL, 2);
        buffer.add(pending(attributes("a", 1), NOW));
        buffer.add(pending(attributes("b", 2), NOW));
        buffer.add(pending(attributes("c", 3), NOW));
        buffer.add(pending(attributes("a", 4), NOW));

        Batch first = take(buffer, false, Set.of());
        Batch second = take(buffer, true, Set.of());

        assertThat(first.records())
                .extracting(p -> p.record().origin().offset())
                .containsExactly(1L, 2L);
        assertThat(second.records())
                .extracting(p -> p.record().origin().offset())
                .containsExactly(3L, 4L);
    }

    @Test
    void respectsTheBodySizeLimit() {
        RecordBuffer buffer = new RecordBuffer(new BatchLimits(TrackCapModel.TOTAL, 75, 50, 1024));
        for (int i = 0; i < 40; i++) {
            buffer.add(pending(attributes("user-" + i, i), NOW));
        }

        Batch batch = take(buffer, true, Set.of());

        assertThat(batch.body().length).isLessThanOrEqualTo(1024);
        assertThat(batch.size()).isBetween(10, 39);
    }

    private static Set<String> users(Batch batch) {
        return batch.records().stream().map(PendingRecord::userKey).collect(Collectors.toSet());
    }
}
