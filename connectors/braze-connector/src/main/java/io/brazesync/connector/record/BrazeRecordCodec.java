package io.brazesync.connector.record;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;

/**
 * The binary form of a {@link BrazeRecord}, shared by the sink's checkpointed state and by the
 * record's Flink serializer: array, user key, element, then the origin (sync, topic, partition,
 * offset, original bytes), strings and bytes each preceded by their length.
 */
@Internal
public final class BrazeRecordCodec {

    private BrazeRecordCodec() {}

    public static void write(DataOutput out, BrazeRecord record) throws IOException {
        RecordOrigin origin = record.origin();
        writeString(out, record.array().name());
        writeString(out, record.userKey());
        writeBytes(out, record.element());
        writeString(out, origin.sync());
        writeString(out, origin.topic());
        out.writeInt(origin.partition());
        out.writeLong(origin.offset());
        writeBytes(out, origin.originalValue());
    }

    public static BrazeRecord read(DataInput in) throws IOException {
        BrazeArray array = BrazeArray.valueOf(readString(in));
        String userKey = readString(in);
        byte[] element = readBytes(in);
        RecordOrigin origin =
                new RecordOrigin(
                        readString(in), readString(in), in.readInt(), in.readLong(), readBytes(in));
        return new BrazeRecord(array, userKey, element, origin);
    }

    private static void writeString(DataOutput out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInput in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutput out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return value;
    }
}
