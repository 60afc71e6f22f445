package io.brazesync.job.source;

import io.brazesync.connector.record.RecordOrigin;

/**
 * One Kafka record of the CDP, as read: its position, timestamp and raw value.
 *
 * <p>A public mutable class with a no-argument constructor so that Flink serializes it as a POJO
 * rather than with Kryo.
 */
public class CdpRecord {

    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] value;

    public CdpRecord() {}

    public CdpRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value;
    }

    /** The origin of this record within the given sync. */
    public RecordOrigin origin(String sync) {
        return new RecordOrigin(sync, topic, partition, offset, value);
    }
}
