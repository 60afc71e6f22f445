package io.brazesync.job.source;

import io.brazesync.job.config.KafkaSettings;
import java.util.List;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka source over every sync's topic. Offsets are committed to the consumer group only when a
 * checkpoint completes, so a restart resumes from what the job has fully handled.
 */
public final class CdpSource {

    private CdpSource() {}

    public static KafkaSource<CdpRecord> create(KafkaSettings kafka, List<String> topics) {
        KafkaSourceBuilder<CdpRecord> builder =
                KafkaSource.<CdpRecord>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setGroupId(kafka.groupId())
                        .setTopics(topics)
                        .setDeserializer(new CdpRecordDeserializer())
                        .setStartingOffsets(startingOffsets(kafka))
                        .setProperty("enable.auto.commit", "false")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        kafka.properties().forEach(builder::setProperty);
        if (kafka.stopAtLatest()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static OffsetsInitializer startingOffsets(KafkaSettings kafka) {
        switch (kafka.startingOffsets()) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case COMMITTED:
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }
}
