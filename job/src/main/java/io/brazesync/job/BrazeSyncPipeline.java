package io.brazesync.job;

import io.brazesync.connector.deadletter.DeadLetter;
import io.brazesync.connector.deadletter.KafkaDeadLetterQueue;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.sink.BrazeSink;
import io.brazesync.connector.sink.BrazeSinkBuilder;
import io.brazesync.job.config.BrazeSettings;
import io.brazesync.job.config.InvalidConfigException;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.keyed.IdentityRouting;
import io.brazesync.job.keyed.UserChangeStage;
import io.brazesync.job.mapping.DeadLetterSerializer;
import io.brazesync.job.mapping.SyncMapping;
import io.brazesync.job.source.CdpRecord;
import io.brazesync.job.source.CdpSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Wires the job: Kafka source -> sync mapping -> keyed by Braze identity -> change detection ->
 * Braze sink, with invalid records to the dead-letter topic. The sink is chained to the keyed
 * stage, so each user's records reach it in the order that stage passed them on.
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

        mapped.flatMap(new IdentityRouting())
                .name("Identity routing")
                .uid("identity-routing")
                .keyBy(user -> user.key)
                .process(
                        new UserChangeStage(
                                syncsWithChangeDetection(config),
                                config.changeDetectionTtl(),
                                config.coalesceWindow()))
                .name("Change detection")
                .uid("change-detection")
                .sinkTo(brazeSink(config))
                .name("Braze")
                .uid("braze-sink");
    }

    private static Set<String> syncsWithChangeDetection(JobConfig config) {
        Set<String> names = new HashSet<>();
        for (JobConfig.SyncBinding sync : config.syncs()) {
            if (sync.settings().changeDetection()) {
                names.add(sync.settings().name());
            }
        }
        return names;
    }

    static BrazeSink brazeSink(JobConfig config) {
        BrazeSettings braze = config.braze();
        try {
            return sinkBuilder(config, braze).build();
        } catch (IllegalArgumentException e) {
            // Limits that hold between settings, such as a buffer of at least three batches.
            throw new InvalidConfigException("braze: " + e.getMessage());
        }
    }

    private static BrazeSinkBuilder sinkBuilder(JobConfig config, BrazeSettings braze) {
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
                                config.kafka().properties()));
    }

    private static KafkaSink<DeadLetter> deadLetterSink(JobConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.kafka().properties());
        properties.putIfAbsent(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                String.valueOf(KafkaDeadLetterQueue.DEFAULT_MAX_REQUEST_BYTES));
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setRecordSerializer(new DeadLetterSerializer(config.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
