package io.brazesync.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps each Kafka record whole, with its position, for mapping and dead letters. */
public final class CdpRecordDeserializer implements KafkaRecordDeserializationSchema<CdpRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CdpRecord> out) {
        out.collect(
                new CdpRecord(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.value()));
    }

    @Override
    public TypeInformation<CdpRecord> getProducedType() {
        return TypeInformation.of(CdpRecord.class);
    }
}
