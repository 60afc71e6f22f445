package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.BrazeRecordCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes {@link BrazeWriterState} to checkpoints. Version 1 stores, per record: the record as
 * {@link BrazeRecordCodec} writes it (array, user key, element, origin), its attempts and whether
 * it was in flight. The API key is never part of the state.
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
            BrazeRecordCodec.write(out, pending.record());
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
            BrazeRecord record = BrazeRecordCodec.read(in);
            int attempts = in.readInt();
            boolean inFlight = in.readBoolean();
            records.add(new PendingRecord(record, attempts, inFlight, 0L));
        }
        return new BrazeWriterState(records);
    }
}
