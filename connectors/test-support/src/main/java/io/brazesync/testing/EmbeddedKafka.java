package io.brazesync.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (combined broker and controller, KRaft) on an ephemeral port of
 * this JVM, with the few client operations tests and the local run need.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Kafka's default for the largest record batch a broker takes, a little over 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    private final KafkaClusterTestKit cluster;
    private final int maxMessageBytes;

    private EmbeddedKafka(KafkaClusterTestKit cluster, int maxMessageBytes) {
        this.cluster = cluster;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Formats and starts a broker with Kafka's record size limits, and waits for it. */
    public static EmbeddedKafka start() throws Exception {
        return start(DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * Formats and starts a broker whose topics take records of up to {@code maxMessageBytes}
     * ({@code message.max.bytes}), and waits until it takes requests. The producer of {@link
     * #produce} may then send records that large ({@code max.request.size}).
     */
    public static EmbeddedKafka start(int maxMessageBytes) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build();
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("num.partitions", "1")
                        .setConfigProp("message.max.bytes", String.valueOf(maxMessageBytes))
                        .setConfigProp("replica.fetch.max.bytes", String.valueOf(maxMessageBytes))
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster, maxMessageBytes);
    }

    /** The largest record batch the broker takes, and the test producer sends. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates a topic and waits until every partition has a leader that takes writes. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!allPartitionsLed(admin, topic, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no leaders");
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean allPartitionsLed(Admin admin, String topic, int partitions) {
        try {
            var described = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return described.partitions().size() == partitions
                    && described.partitions().stream().allMatch(p -> p.leader() != null);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Writes values to a topic, keyed for partitioning when a key is given, and waits until the
     * broker has stored every one; fails if it refused any, so a test never runs on fewer records
     * than it wrote.
     */
    public void produce(String topic, List<byte[]> keys, List<byte[]> values) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(values.size());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < values.size(); i++) {
                byte[] key = keys == null ? null : keys.get(i);
                sent.add(producer.send(new ProducerRecord<>(topic, key, values.get(i))));
            }
            producer.flush();
            for (Future<RecordMetadata> record : sent) {
                record.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a record for " + topic, e);
        }
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxMessageBytes));
        // A busy two-core machine can hold a request past the defaults; wait rather than fail.
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "60000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        // One request at a time: a retried batch can then never arrive behind a later one, which
        // the broker refuses for good (OutOfOrderSequenceException) on a loaded machine.
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(
                properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads every record of a topic, from the beginning to its end at the time of the call. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reachedEnd(consumer, ends) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The offsets a consumer group has committed, per partition of the topic. */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId)
            throws Exception {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        }
    }

    /** The end offset of every partition of a topic. */
    public Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            Set<TopicPartition> partitions =
                    admin
                            .describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toSet());
            return admin
                    .listOffsets(
                            partitions.stream()
                                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get()
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
