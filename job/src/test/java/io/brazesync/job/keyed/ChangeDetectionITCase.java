package io.brazesync.job.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.emulator.Profile;
import io.brazesync.job.BrazeSyncJob;
import io.brazesync.job.BrazeSyncPipeline;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.job.local.EmbeddedServices;
import io.brazesync.job.local.ServicesPerClass;
import io.brazesync.job.testdata.RepeatingProfiles;
import io.brazesync.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The job sends only attribute values that change Braze, and remembers them across restores. */
class ChangeDetectionITCase {

    private static final int USERS = 200;
    private static final int ROUNDS = 5;
    private static final int ATTRIBUTES = 4;

    @RegisterExtension static final MiniClusterExtension FLINK = ServicesPerClass.miniCluster(1, 2);

    @RegisterExtension static final ServicesPerClass SERVICES = new ServicesPerClass();

    private static EmbeddedServices services() {
        return SERVICES.get();
    }

    private static int topics;

    @BeforeAll
    static void start() throws Exception {
        services().kafka().createTopic("dead-letters", 1);
    }

    @BeforeEach
    void resetBraze() {
        services().braze().reset();
    }

    @Test
    void exactlyTheRepeatedValuesAreNotSentAndBrazeEndsTheSame() throws Exception {
        RepeatingProfiles stream = RepeatingProfiles.generate(USERS, ROUNDS, ATTRIBUTES, 0.5, 42);
        String topic = newTopic(3);
        services().kafka().produce(topic, stream.keys, stream.records);

        JobExecutionResult withDetection = runToEnd(topic, true);
        long sentWith = services().braze().state().attributeDataPoints();
        Map<String, Map<String, String>> finalWith = attributesOfAllUsers();
        services().braze().reset();
        runToEnd(topic, false);
        long sentWithout = services().braze().state().attributeDataPoints();

        assertThat(stream.repeated).as("the stream repeats about half its values").isPositive();
        assertThat(sentWithout).isEqualTo(stream.values);
        assertThat(sentWith).isEqualTo(stream.values - stream.repeated);
        assertThat((Long) withDetection.getAccumulatorResult(UserChangeStage.VALUES_UNCHANGED))
                .isEqualTo(stream.repeated);
        assertThat(finalWith).isEqualTo(stream.finalAttributes).isEqualTo(attributesOfAllUsers());
    }

    @Test
    void afterARestoreFromACheckpointUnchangedValuesStayUnsent(@TempDir Path checkpoints)
            throws Exception {
        String topic = newTopic(1);
        produce(topic, List.of(profile("r1", "Oslo", 1), profile("r2", "Rome", 2)));
        JobClient first = startUnbounded(topic, checkpoints, Optional.empty());
        Await.until(
                "the first four values reach Braze",
                () -> services().braze().state().attributeDataPoints() == 4);
        awaitACheckpointAfterThisCall(checkpoints);
        first.cancel().get();
        // Read once the job is gone: while it runs, Flink deletes the checkpoints it subsumes.
        Path checkpoint = latestCheckpoint(checkpoints).orElseThrow();

        produce(topic, List.of(profile("r1", "Oslo", 1), profile("r2", "Rome", 3)));
        JobClient second = startUnbounded(topic, checkpoints, Optional.of(checkpoint));
        Await.until("r2's new visits reach Braze", () -> attribute("r2", "visits").equals("3"));
        second.cancel().get();

        assertThat(services().braze().state().attributeDataPoints())
                .as("only r2's visits changed after the restore")
                .isEqualTo(5);
    }

    @Test
    void aDeleteMakesTheSameAttributesGoOutAgain(@TempDir Path checkpoints) throws Exception {
        String topic = newTopic(1);
        String deletes = newTopic(1);
        JobClient job =
                startUnbounded(
                        topic,
                        checkpoints,
                        Optional.empty(),
                        "  - name: deletes\n"
                                + "    topic: "
                                + deletes
                                + "\n"
                                + "    mode: user_delete\n");
        produce(topic, List.of(profile("d1", "Oslo", 1), profile("keep", "Rome", 1)));
        Await.until("d1 exists", () -> services().braze().state().byExternalId("d1").isPresent());
        produce(deletes, List.of(bytes("{\"external_id\":\"d1\"}")));
        Await.until("d1 is deleted", () -> services().braze().state().byExternalId("d1").isEmpty());
        produce(topic, List.of(profile("keep", "Rome", 1), profile("d1", "Oslo", 1)));
        Await.until(
                "d1 exists again", () -> services().braze().state().byExternalId("d1").isPresent());
        job.cancel().get();

        assertThat(attribute("d1", "city")).isEqualTo("Oslo");
        assertThat(services().braze().state().attributeDataPoints())
                .as("d1's two values twice, keep's two values once")
                .isEqualTo(6);
    }

    @Test
    void coalescingMergesAUsersUpdatesAndLosesNoneAtTheEndOfInput() throws Exception {
        String topic = newTopic(1);
        produce(
                topic,
                List.of(
                        profile("c1", "Oslo", 1),
                        profile("c2", "Rome", 1),
                        bytes("{\"external_id\":\"c1\",\"plan\":\"gold\"}"),
                        profile("c1", "Bergen", 2)));
        JobConfig config =
                JobConfigReader.parse(
                        services()
                                .fillIn(
                                        String.join(
                                                "\n",
                                                "kafka:",
                                                "  bootstrap-servers: ${KAFKA_BOOTSTRAP}",
                                                "  starting-offsets: earliest",
                                                "  stop-at-latest: true",
                                                "braze:",
                                                "  endpoint: ${BRAZE_ENDPOINT}",
                                                "  api-key-file: ${BRAZE_API_KEY_FILE}",
                                                "dead-letter-topic: dead-letters",
                                                "change-detection:",
                                                "  coalesce-window: 2s",
                                                "syncs:",
                                                "  - name: profiles",
                                                "    topic: " + topic,
                                                "    mode: user_track",
                                                "    track-record-type: user_profile_attributes")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);

        JobExecutionResult result = BrazeSyncJob.run(env, config, "coalescing");

        assertThat((Long) result.getAccumulatorResult(UserChangeStage.RECORDS_COALESCED))
                .isEqualTo(2L);
        assertThat(services().braze().requests().stream().mapToInt(r -> r.objectCount()).sum())
                .as("one object for c1, one for c2")
                .isEqualTo(2);
        assertThat(attribute("c1", "city")).isEqualTo("Bergen");
        assertThat(attribute("c1", "visits")).isEqualTo("2");
        assertThat(attribute("c1", "plan")).isEqualTo("gold");
        assertThat(attribute("c2", "city")).isEqualTo("Rome");
    }

    private static byte[] profile(String user, String city, int visits) {
        return bytes(
                String.format(
                        "{\"external_id\":\"%s\",\"city\":\"%s\",\"visits\":%d}",
                        user, city, visits));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String attribute(String user, String name) {
        return services()
                .braze()
                .state()
                .byExternalId(user)
                .map(p -> p.attributes().get(name))
                .map(value -> value == null ? "" : value.asText())
                .orElse("");
    }

    private static Map<String, Map<String, String>> attributesOfAllUsers() {
        Map<String, Map<String, String>> all = new HashMap<>();
        for (Profile profile : services().braze().state().profiles()) {
            Map<String, String> values = new HashMap<>();
            profile.attributes().forEach((name, value) -> values.put(name, value.asText()));
            all.put(profile.externalId(), values);
        }
        return all;
    }

    private static String newTopic(int partitions) throws Exception {
        String topic = "profiles-" + (++topics);
        services().kafka().createTopic(topic, partitions);
        return topic;
    }

    private static void produce(String topic, List<byte[]> records) {
        List<byte[]> keys = new ArrayList<>();
        for (byte[] record : records) {
            String text = new String(record, StandardCharsets.UTF_8);
            keys.add(bytes(text.substring(0, text.indexOf(',') > 0 ? text.indexOf(',') : 1)));
        }
        services().kafka().produce(topic, keys, records);
    }

    private static JobExecutionResult runToEnd(String topic, boolean changeDetection)
            throws Exception {
        JobConfig config =
                config(topic, true, changeDetection, "group-" + topic + "-" + changeDetection, "");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return BrazeSyncJob.run(env, config, "change detection " + changeDetection);
    }

    private static JobClient startUnbounded(
            String topic, Path checkpoints, Optional<Path> restoreFrom) throws Exception {
        return startUnbounded(topic, checkpoints, restoreFrom, "");
    }

    private static JobClient startUnbounded(
            String topic, Path checkpoints, Optional<Path> restoreFrom, String extraSyncs)
            throws Exception {
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        flink.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        restoreFrom.ifPresent(
                path -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(1);
        env.enableCheckpointing(200);
        BrazeSyncPipeline.build(env, config(topic, false, true, "group-" + topic, extraSyncs));
        return env.executeAsync("change detection, unbounded");
    }

    private static JobConfig config(
            String topic,
            boolean stopAtLatest,
            boolean changeDetection,
            String group,
            String extraSyncs) {
        return JobConfigReader.parse(
                services()
                        .fillIn(
                                String.join(
                                        "\n",
                                        "kafka:",
                                        "  bootstrap-servers: ${KAFKA_BOOTSTRAP}",
                                        "  group-id: " + group,
                                        "  starting-offsets: earliest",
                                        "  stop-at-latest: " + stopAtLatest,
                                        "braze:",
                                        "  endpoint: ${BRAZE_ENDPOINT}",
                                        "  api-key-file: ${BRAZE_API_KEY_FILE}",
                                        "  linger: 50ms",
                                        "dead-letter-topic: dead-letters",
                                        "syncs:",
                                        "  - name: profiles",
                                        "    topic: " + topic,
                                        "    mode: user_track",
                                        "    track-record-type: user_profile_attributes",
                                        "    change-detection: " + changeDetection,
                                        extraSyncs)));
    }

    /** Waits for a checkpoint that starts after this call: it holds everything sent so far. */
    private static void awaitACheckpointAfterThisCall(Path checkpoints) throws Exception {
        int known = latestCheckpoint(checkpoints).map(ChangeDetectionITCase::number).orElse(0);
        Await.until(
                "a checkpoint completes after this call",
                () -> latestCheckpoint(checkpoints).map(p -> number(p) > known + 1).orElse(false));
    }

    private static Optional<Path> latestCheckpoint(Path checkpoints) {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .max(Comparator.comparingInt(ChangeDetectionITCase::number));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static int number(Path checkpoint) {
        return Integer.parseInt(checkpoint.getFileName().toString().substring("chk-".length()));
    }
}
