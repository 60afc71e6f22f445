package io.brazesync.connector.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class BrazeRecordSerializerTest {

    private static final BrazeRecord RECORD =
            new BrazeRecord(
                    BrazeArray.PURCHASES,
                    "user_alias:crm:a1",
                    "{\"user_alias\":{\"alias_name\":\"a1\",\"alias_label\":\"crm\"}}"
                            .getBytes(StandardCharsets.UTF_8),
                    new RecordOrigin(
                            "purchases",
                            "cdp.purchases",
                            3,
                            1234L,
                            "{\"raw\":1}".getBytes(StandardCharsets.UTF_8)));

    @Test
    void flinkUsesItForBrazeRecordsInsteadOfKryo() {
        TypeInformation<BrazeRecord> type = TypeInformation.of(BrazeRecord.class);

        assertThat(type).isInstanceOf(BrazeRecordTypeInfo.class);
        assertThat(type.createSerializer(new SerializerConfigImpl()))
                .isSameAs(BrazeRecordSerializer.INSTANCE);
    }

    @Test
    void roundTripsEveryFieldAndPassesRecordsOnWithoutACopy() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        BrazeRecordSerializer.INSTANCE.serialize(RECORD, out);

        BrazeRecord read =
                BrazeRecordSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read).isEqualTo(RECORD);
        assertThat(read.origin().offset()).isEqualTo(1234L);
        assertThat(BrazeRecordSerializer.INSTANCE.copy(RECORD)).isSameAs(RECORD);
    }

    @Test
    void itsSnapshotRestoresTheSameSerializer() {
        TypeSerializer<BrazeRecord> restored =
                BrazeRecordSerializer.INSTANCE.snapshotConfiguration().restoreSerializer();

        assertThat(restored).isSameAs(BrazeRecordSerializer.INSTANCE);
    }
}
