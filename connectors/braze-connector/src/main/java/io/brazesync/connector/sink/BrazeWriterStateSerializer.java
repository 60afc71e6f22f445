package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes {@link BrazeWriterState} to checkpoints. Version 1 stores, per record: array, user key,
 * element, origin (sync, topic, partition, offset, original bytes), attempts and whether it was in
 * flight. The API key is never part of the state.
 */
@Internal
public final class BrazeWriterStateSerializer
        implements SimpleVersionedSerializer<BrazeWriterState> {

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(BrazeWriterState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(state.records().size());
        for (PendingRecord pending : state.records()) {
            BrazeRecord record = pending.record();
            RecordOrigin origin = record.origin();
            writeString(out, record.array().name());
            writeString(out, record.userKey());
            writeBytes(out, record.element());
            writeString(out, origin.sync());
            writeString(out, origin.topic());
            out.writeInt(origin.partition());
            out.writeLong(origin.offset());
            writeBytes(out, origin.originalValue());
            out.writeInt(pending.attempts());
            out.writeBoolean(pending.restoredFromInFlight());
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public BrazeWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Unknown Braze sink state version "
                            + version
                            + "; this build reads version "
                            + VERSION);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        int count = in.readInt();
        List<PendingRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BrazeArray array = BrazeArray.valueOf(readString(in));
            String userKey = readString(in);
            byte[] element = readBytes(in);
            RecordOrigin origin =
                    new RecordOrigin(
                            readString(in),
                            readString(in),
                            in.readInt(),
                            in.readLong(),
                            readBytes(in));
            int attempts = in.readInt();
            boolean inFlight = in.readBoolean();
            records.add(
                    new PendingRecord(
                            new BrazeRecord(array, userKey, element, origin),
                            attempts,
                            inFlight,
                            0L));
        }
        return new BrazeWriterState(records);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return value;
    }
}
