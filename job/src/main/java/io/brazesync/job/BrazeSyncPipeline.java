package io.brazesync.job;

import io.brazesync.connector.deadletter.DeadLetter;
import io.brazesync.connector.deadletter.KafkaDeadLetterQueue;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.sink.BrazeSink;
import io.brazesync.job.config.BrazeSettings;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.mapping.DeadLetterSerializer;
import io.brazesync.job.mapping.SyncMapping;
import io.brazesync.job.source.CdpRecord;
import io.brazesync.job.source.CdpSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires the job: Kafka source → sync mapping → keyed by Braze identity → Braze sink, with invalid
 * records to the dead-letter topic.
 */
public final class BrazeSyncPipeline {

    private BrazeSyncPipeline() {}

    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        Map<String, SyncSettings> syncsByTopic = new LinkedHashMap<>();
        config.syncs().forEach(s -> syncsByTopic.put(s.topic(), s.settings()));
        SyncMapping mapping = new SyncMapping(syncsByTopic);

        DataStream<CdpRecord> records =
                env.fromSource(
                                CdpSource.create(config.kafka(), mapping.topics()),
                                WatermarkStrategy.noWatermarks(),
                                "CDP records")
                        .uid("cdp-source");

        SingleOutputStreamOperator<BrazeRecord> mapped =
                records.process(mapping).name("Sync mapping").uid("sync-mapping");

        mapped.getSideOutput(SyncMapping.INVALID)
                .sinkTo(deadLetterSink(config))
                .name("Invalid records to dead-letter topic")
                .uid("invalid-dead-letters");

        mapped.keyBy(BrazeRecord::userKey)
                .sinkTo(brazeSink(config))
                .name("Braze")
                .uid("braze-sink");
    }

    static BrazeSink brazeSink(JobConfig config) {
        BrazeSettings braze = config.braze();
        return BrazeSink.builder()
                .endpoint(braze.endpoint())
                .apiKey(braze.apiKey())
                .trackCap(braze.trackCapModel(), braze.trackCap())
                .identityCap(braze.identityCap())
                .maxBodyBytes(braze.maxBodyBytes())
                .linger(braze.linger())
                .maxInFlightRequests(braze.maxInFlightRequests())
                .maxBufferedRecords(braze.maxBufferedRecords())
                .retries(braze.maxAttempts(), braze.initialBackoff(), braze.maxBackoff())
                .requestTimeout(braze.requestTimeout())
                .trackRateLimit(braze.trackRequestsPerWindow(), braze.trackWindow())
                .identityRateLimit(braze.identityRequestsPerWindow(), braze.identityWindow())
                .deadLetters(
                        KafkaDeadLetterQueue.factory(
                                config.kafka().bootstrapServers(),
                                config.deadLetterTopic(),
                                config.kafka().properties()))
                .build();
    }

    private static KafkaSink<DeadLetter> deadLetterSink(JobConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.kafka().properties());
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setRecordSerializer(new DeadLetterSerializer(config.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
