package io.brazesync.job.mapping;

import io.brazesync.connector.deadletter.DeadLetter;
import io.brazesync.connector.deadletter.DeadLetterHeaders;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes invalid records to the dead-letter topic in the same form the Braze sink uses. */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        return DeadLetterHeaders.toProducerRecord(topic, letter);
    }
}
