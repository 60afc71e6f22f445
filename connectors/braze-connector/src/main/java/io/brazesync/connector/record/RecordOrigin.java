package io.brazesync.connector.record;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a record came from: its sync, Kafka position and original bytes, kept so that a dead letter
 * carries exactly what the CDP wrote.
 */
@PublicEvolving
public final class RecordOrigin {

    private final String sync;
    private final String topic;
    private final int partition;
    private final long offset;
    private final byte[] originalValue;

    public RecordOrigin(
            String sync, String topic, int partition, long offset, byte[] originalValue) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.topic = topic == null ? "" : topic;
        this.partition = partition;
        this.offset = offset;
        this.originalValue = originalValue == null ? new byte[0] : originalValue;
    }

    public String sync() {
        return sync;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The record's value as it was read; not copied, do not modify. */
    public byte[] originalValue() {
        return originalValue;
    }

    /** A short position for messages, without the record's content. */
    public String describe() {
        return String.format(
                "sync '%s', topic '%s', partition %d, offset %d", sync, topic, partition, offset);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordOrigin)) {
            return false;
        }
        RecordOrigin that = (RecordOrigin) o;
        return partition == that.partition
                && offset == that.offset
                && sync.equals(that.sync)
                && topic.equals(that.topic)
                && Arrays.equals(originalValue, that.originalValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sync, topic, partition, offset);
    }

    @Override
    public String toString() {
        return describe();
    }
}
