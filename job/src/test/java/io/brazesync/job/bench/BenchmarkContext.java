package io.brazesync.job.bench;

import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.BrazeEmulatorBuilder;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.testing.EmbeddedKafka;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterWithClientResource;

/**
 * What every benchmark shares: one Kafka broker, one Flink mini-cluster, and the API key the
 * emulators accept. Each benchmark starts its own emulator with the limits and faults it needs.
 */
final class BenchmarkContext implements AutoCloseable {

    static final int PARALLELISM = 2;

    private final EmbeddedKafka kafka;
    private final MiniClusterWithClientResource flink;
    private final String apiKey = "bench-" + UUID.randomUUID();
    private final Path apiKeyFile;
    private final Set<String> deadLetterTopics = new HashSet<>();
    private int topics;

    private BenchmarkContext(EmbeddedKafka kafka, MiniClusterWithClientResource flink, Path key) {
        this.kafka = kafka;
        this.flink = flink;
        this.apiKeyFile = key;
    }

    static BenchmarkContext start() throws Exception {
        Path key = Files.createTempFile("braze-bench-key", ".txt");
        key.toFile().deleteOnExit();
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Configuration configuration = new Configuration();
        configuration.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
        MiniClusterWithClientResource flink =
                new MiniClusterWithClientResource(
                        new MiniClusterResourceConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumberTaskManagers(1)
                                .setNumberSlotsPerTaskManager(4)
                                .build());
        flink.before();
        BenchmarkContext context = new BenchmarkContext(kafka, flink, key);
        Files.writeString(key, context.apiKey);
        return context;
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    /** The mini-cluster's REST address, for the checkpoint history. */
    URI restAddress() {
        return flink.getRestAddres();
    }

    /** An environment on the shared mini-cluster. */
    StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = flink.getTestStreamEnvironment();
        env.setParallelism(PARALLELISM);
        return env;
    }

    BrazeEmulator emulator(UnaryOperator<BrazeEmulatorBuilder> settings) {
        return settings.apply(BrazeEmulator.builder().apiKey(apiKey)).start();
    }

    /** A new topic with the given number of partitions. */
    String topic(String name, int partitions) throws Exception {
        String topic = "bench-" + name + "-" + (++topics);
        kafka.createTopic(topic, partitions);
        return topic;
    }

    /** Writes profiles keyed by user, so each user's records share a partition. */
    void produceProfiles(String topic, List<byte[]> records, int firstUser) {
        List<byte[]> keys = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            keys.add(CdpRecords.key(firstUser + i));
        }
        kafka.produce(topic, keys, records);
    }

    /**
     * A configuration with one profile sync over {@code topic}.
     *
     * @param braze extra lines under {@code braze:}, each indented by two spaces
     * @param sync extra lines of the sync, each indented by four spaces
     */
    JobConfig config(
            String topic, BrazeEmulator emulator, boolean stopAtLatest, String braze, String sync)
            throws Exception {
        String deadLetters = topic + "-dead-letters";
        if (deadLetterTopics.add(deadLetters)) {
            kafka.createTopic(deadLetters, 1);
        }
        return JobConfigReader.parse(
                String.join(
                        "\n",
                        "kafka:",
                        "  bootstrap-servers: " + kafka.bootstrapServers(),
                        "  group-id: " + topic,
                        "  starting-offsets: earliest",
                        "  stop-at-latest: " + stopAtLatest,
                        "braze:",
                        "  endpoint: " + emulator.baseUrl(),
                        "  api-key-file: " + apiKeyFile,
                        braze,
                        "dead-letter-topic: " + deadLetters,
                        "syncs:",
                        "  - name: profiles",
                        "    topic: " + topic,
                        "    mode: user_track",
                        "    track-record-type: user_profile_attributes",
                        "    pre-formatted-fields: [preferences]",
                        sync,
                        ""));
    }

    @Override
    public void close() throws Exception {
        try {
            flink.after();
        } finally {
            kafka.close();
            Files.deleteIfExists(apiKeyFile);
        }
    }
}
