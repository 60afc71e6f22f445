package io.brazesync.connector.record;

import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link BrazeRecord}s between operators, instead of Kryo. A record is
 * immutable, so chained operators pass it on without a copy.
 */
@Internal
public final class BrazeRecordSerializer extends TypeSerializerSingleton<BrazeRecord> {

    private static final long serialVersionUID = 1L;

    public static final BrazeRecordSerializer INSTANCE = new BrazeRecordSerializer();

    private static final BrazeRecord EMPTY =
            new BrazeRecord(
                    BrazeArray.ATTRIBUTES, "", new byte[0], new RecordOrigin("", "", 0, 0, null));

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public BrazeRecord createInstance() {
        return EMPTY;
    }

    @Override
    public BrazeRecord copy(BrazeRecord from) {
        return from;
    }

    @Override
    public BrazeRecord copy(BrazeRecord from, BrazeRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(BrazeRecord record, DataOutputView target) throws IOException {
        BrazeRecordCodec.write(target, record);
    }

    @Override
    public BrazeRecord deserialize(DataInputView source) throws IOException {
        return BrazeRecordCodec.read(source);
    }

    @Override
    public BrazeRecord deserialize(BrazeRecord reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<BrazeRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; its snapshot restores the one instance. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BrazeRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
