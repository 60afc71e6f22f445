package io.brazesync.connector.deadletter;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes dead letters to a Kafka topic: the original record bytes with headers that say why.
 *
 * <p>The producer waits for all in-sync replicas and never drops a letter: a failed send fails the
 * next {@link #flush()}, which the sink calls before every checkpoint.
 */
@PublicEvolving
public final class KafkaDeadLetterQueue implements DeadLetterQueue {

    /**
     * The largest dead letter a producer sends unless the Kafka properties say otherwise: a letter
     * is its source record plus headers, and Kafka's default of 1 MB would refuse one a little
     * under it. The topic must accept it too (its {@code max.message.bytes}).
     */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private static final String DEFAULT_CLIENT_ID_PREFIX = "braze-sync-dead-letters-";

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    KafkaDeadLetterQueue(String topic, Properties producerProperties) {
        this.topic = topic;
        this.producer =
                new KafkaProducer<>(
                        producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A factory for the given bootstrap servers, topic and extra producer properties. */
    public static DeadLetterQueueFactory factory(
            String bootstrapServers, String topic, Map<String, String> extraProperties) {
        return factory(bootstrapServers, topic, extraProperties, DEFAULT_CLIENT_ID_PREFIX);
    }

    /**
     * As {@link #factory(String, String, Map)}; each subtask's producer is named {@code
     * clientIdPrefix} and its subtask index, so that two queues of one job have distinct names.
     */
    public static DeadLetterQueueFactory factory(
            String bootstrapServers,
            String topic,
            Map<String, String> extraProperties,
            String clientIdPrefix) {
        Map<String, String> settings = new HashMap<>(extraProperties);
        return subtask -> {
            Properties properties = new Properties();
            properties.putAll(settings);
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + subtask);
            properties.putIfAbsent(
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    String.valueOf(DEFAULT_MAX_REQUEST_BYTES));
            return new KafkaDeadLetterQueue(topic, properties);
        };
    }

    @Override
    public void send(DeadLetter letter) {
        producer.send(
                DeadLetterHeaders.toProducerRecord(topic, letter),
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                });
    }

    @Override
    public void flush() {
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException(
                    "could not write to the dead-letter topic " + topic, failed);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
