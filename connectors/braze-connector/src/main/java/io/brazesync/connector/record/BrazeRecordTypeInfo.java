package io.brazesync.connector.record;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link BrazeRecord}: an atomic type with its own serializer. */
@Internal
public final class BrazeRecordTypeInfo extends TypeInformation<BrazeRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<BrazeRecord> getTypeClass() {
        return BrazeRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<BrazeRecord> createSerializer(SerializerConfig config) {
        return BrazeRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "BrazeRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrazeRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return BrazeRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof BrazeRecordTypeInfo;
    }
}
