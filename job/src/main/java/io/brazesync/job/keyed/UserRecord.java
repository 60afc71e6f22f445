package io.brazesync.job.keyed;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;

/**
 * A Braze record on its way to the keyed stage, with the key whose state it reads.
 *
 * <p>Usually the key is the record's own user key. An identify also travels once under its alias'
 * key as a {@link #forgetOnly} marker, so that the alias' change-detection state is cleared and
 * nothing is sent for it. A public mutable class with a no-argument constructor so that Flink
 * serializes it as a POJO rather than with Kryo.
 */
public class UserRecord {

    public String key;
    public boolean forgetOnly;
    public BrazeArray array;
    public String userKey;
    public byte[] element;
    public String sync;
    public String topic;
    public int partition;
    public long offset;
    public byte[] originalValue;

    public UserRecord() {}

    static UserRecord of(String key, BrazeRecord record, boolean forgetOnly) {
        UserRecord user = new UserRecord();
        user.key = key;
        user.forgetOnly = forgetOnly;
        user.array = record.array();
        user.userKey = record.userKey();
        user.element = record.element();
        RecordOrigin origin = record.origin();
        user.sync = origin.sync();
        user.topic = origin.topic();
        user.partition = origin.partition();
        user.offset = origin.offset();
        user.originalValue = origin.originalValue();
        return user;
    }

    BrazeRecord toBrazeRecord() {
        return toBrazeRecord(element);
    }

    /** The record with another element, as left by change detection or coalescing. */
    BrazeRecord toBrazeRecord(byte[] newElement) {
        return new BrazeRecord(
                array,
                userKey,
                newElement,
                new RecordOrigin(sync, topic, partition, offset, originalValue));
    }
}
