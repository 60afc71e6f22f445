package io.brazesync.connector.record;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink's type extraction to use {@link BrazeRecordTypeInfo} for every BrazeRecord. */
@Internal
public final class BrazeRecordTypeInfoFactory extends TypeInfoFactory<BrazeRecord> {

    @Override
    public TypeInformation<BrazeRecord> createTypeInfo(
            Type type, Map<String, TypeInformation<?>> parameters) {
        return new BrazeRecordTypeInfo();
    }
}
