package io.brazesync.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.deadletter.DeadLetterHeaders;
import io.brazesync.connector.deadletter.KafkaDeadLetterQueue;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.Fault;
import io.brazesync.emulator.FaultPlan;
import io.brazesync.emulator.Profile;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.emulator.TrackCap;
import io.brazesync.testing.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Braze sink on a Flink mini-cluster against the Braze emulator and a real Kafka broker. */
class BrazeSinkITCase {

    private static final String API_KEY = "sink-test-key";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafka kafka;
    private static Path apiKeyFile;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private BrazeEmulator braze;
    private String deadLetterTopic;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        apiKeyFile = Files.createTempFile("braze-key", ".txt");
        Files.writeString(apiKeyFile, API_KEY);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
        Files.deleteIfExists(apiKeyFile);
    }

    @BeforeEach
    void startEmulator() throws Exception {
        deadLetterTopic = "dead-letters-" + TOPICS.incrementAndGet();
        kafka.createTopic(deadLetterTopic, 1);
    }

    @AfterEach
    void stopEmulator() {
        if (braze != null) {
            braze.close();
        }
    }

    private BrazeEmulator emulator(io.brazesync.emulator.BrazeEmulatorBuilder builder) {
        braze = builder.start();
        return braze;
    }

    private BrazeSinkBuilder sink() {
        return BrazeSink.builder()
                .endpoint(braze.baseUrl())
                .apiKey(ApiKeySource.fromFile(apiKeyFile.toString()))
                .linger(Duration.ofMillis(100))
                .retries(20, Duration.ofMillis(20), Duration.ofMillis(200))
                .requestTimeout(Duration.ofSeconds(5))
                .deadLetters(
                        KafkaDeadLetterQueue.factory(
                                kafka.bootstrapServers(), deadLetterTopic, Map.of()));
    }

    /** Sends {@code users × updates} attribute records; user u's update k carries seq k. */
    private static void runAttributes(
            StreamExecutionEnvironment env, BrazeSink sink, int users, int updates)
            throws Exception {
        env.fromSequence(0, (long) users * updates - 1)
                .setParallelism(1)
                .map(i -> TestRecords.attributes("u" + (i % users), (int) (i / users)))
                .setParallelism(1)
                .keyBy(BrazeRecord::userKey)
                .sinkTo(sink);
        env.execute();
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return env;
    }

    private List<RecordedRequest> trackRequests() {
        return braze.requests().stream()
                .filter(r -> r.path().equals("/users/track"))
                .collect(Collectors.toList());
    }

    private int seqOf(String user) {
        Profile profile = braze.state().byExternalId(user).orElseThrow();
        return profile.attributes().get("seq").asInt();
    }

    @Test
    void fillsBatchesToTheCapWhileThereIsABacklogAndDeliversEveryRecord() throws Exception {
        emulator(BrazeEmulator.builder().apiKey(API_KEY));

        runAttributes(env(), sink().linger(Duration.ofSeconds(5)).build(), 600, 5);

        List<RecordedRequest> requests = trackRequests();
        assertThat(requests).allSatisfy(r -> assertThat(r.objectCount()).isLessThanOrEqualTo(75));
        long full = requests.stream().filter(r -> r.objectCount() == 75).count();
        assertThat(full).as("full batches of %s", requests.size()).isGreaterThanOrEqualTo(36);
        assertThat(requests.stream().mapToInt(RecordedRequest::objectCount).sum()).isEqualTo(3000);
        for (int u = 0; u < 600; u++) {
            assertThat(seqOf("u" + u)).isEqualTo(4);
        }
    }

    @Test
    void perArrayCapSendsUpToTheCapOfEachArrayInOneRequest() throws Exception {
        emulator(BrazeEmulator.builder().apiKey(API_KEY).trackCap(TrackCap.perArray(75)));
        StreamExecutionEnvironment env = env();
        env.fromSequence(0, 599)
                .setParallelism(1)
                .map(
                        (MapFunction<Long, BrazeRecord>)
                                i ->
                                        i % 2 == 0
                                                ? TestRecords.attributes("u" + i, i.intValue())
                                                : TestRecords.event("u" + i, i.intValue()))
                .setParallelism(1)
                .keyBy(BrazeRecord::userKey)
                .sinkTo(
                        sink().trackCap(TrackCapModel.PER_ARRAY, 75)
                                .linger(Duration.ofSeconds(5))
                                .build());
        env.execute();

        List<RecordedRequest> requests = trackRequests();
        assertThat(requests).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(requests)
                .allSatisfy(
                        r -> {
                            assertThat(r.count("attributes")).isLessThanOrEqualTo(75);
                            assertThat(r.count("events")).isLessThanOrEqualTo(75);
                        });
        assertThat(requests.stream().mapToInt(RecordedRequest::objectCount).max().orElse(0))
                .isGreaterThan(75);
    }

    @Test
    void deadLettersExactlyTheRecordsBrazeRejected() throws Exception {
        emulator(BrazeEmulator.builder().apiKey(API_KEY));
        StreamExecutionEnvironment env = env();
        env.fromSequence(0, 499)
                .map(
                        (MapFunction<Long, BrazeRecord>)
                                i ->
                                        i % 10 == 3
                                                ? TestRecords.record(
                                                        BrazeArray.EVENTS,
                                                        "u" + i,
                                                        "{\"external_id\":\"u"
                                                                + i
                                                                + "\",\"name\":\"e\","
                                                                + "\"time\":\"not a time\"}",
                                                        i)
                                                : TestRecords.event("u" + i, i.intValue()))
                .keyBy(BrazeRecord::userKey)
                .sinkTo(sink().build());
        env.execute();

        List<ConsumerRecord<byte[], byte[]>> letters = kafka.readAll(deadLetterTopic);
        Set<Long> deadOffsets =
                letters.stream()
                        .map(
                                l ->
                                        Long.parseLong(
                                                DeadLetterHeaders.read(
                                                        l.headers(),
                                                        DeadLetterHeaders.SOURCE_OFFSET)))
                        .collect(Collectors.toSet());
        Set<Long> expected = new HashSet<>();
        for (long i = 3; i < 500; i += 10) {
            expected.add(i);
        }
        assertThat(deadOffsets).isEqualTo(expected);
        assertThat(letters).hasSize(50);
        assertThat(letters)
                .allSatisfy(
                        l -> {
                            assertThat(DeadLetterHeaders.read(l.headers(), "braze-sync.reason"))
                                    .startsWith("rejected by Braze");
                            assertThat(
                                            DeadLetterHeaders.read(
                                                    l.headers(), DeadLetterHeaders.BRAZE_ERROR))
                                    .isNotBlank();
                            assertThat(new String(l.value())).contains("not a time");
                        });
        long eventsStored =
                braze.state().profiles().stream().mapToLong(p -> p.events().size()).sum();
        assertThat(eventsStored).isEqualTo(450);
    }

    @Test
    void keepsEachUsersOrderUnderServerErrorsDroppedConnectionsAndRetries() throws Exception {
        emulator(
                BrazeEmulator.builder()
                        .apiKey(API_KEY)
                        .faults(
                                FaultPlan.seeded(7)
                                        .serverErrors(0.25)
                                        .dropAfterApply(0.05)
                                        .latency(Duration.ZERO, Duration.ofMillis(20))));

        runAttributes(env(), sink().linger(Duration.ofMillis(20)).build(), 20, 60);

        assertThat(braze.maxConcurrentRequestsPerUser()).isEqualTo(1);
        for (int u = 0; u < 20; u++) {
            assertThat(seqOf("u" + u)).as("last update of u%s", u).isEqualTo(59);
        }
        assertThat(braze.requests().stream().filter(r -> r.status() >= 500).count())
                .isGreaterThan(0);
        assertThat(kafka.readAll(deadLetterTopic)).isEmpty();
    }

    @Test
    void staysWithinTheRateLimitBudget() throws Exception {
        emulator(BrazeEmulator.builder().apiKey(API_KEY).trackRateLimit(20, Duration.ofSeconds(1)));

        runAttributes(
                env(),
                sink().trackCap(TrackCapModel.TOTAL, 10)
                        .trackRateLimit(20, Duration.ofSeconds(1))
                        .linger(Duration.ofMillis(10))
                        .build(),
                600,
                1);

        List<RecordedRequest> requests = trackRequests();
        long rateLimited = requests.stream().filter(r -> r.status() == 429).count();
        assertThat(rateLimited).as("429s of %s requests", requests.size()).isLessThanOrEqualTo(3);
        assertThat(braze.state().profiles()).hasSize(600);
    }

    @Test
    void splitsBatchesWhenBrazeSaysTheInputIsTooLong() throws Exception {
        emulator(BrazeEmulator.builder().apiKey(API_KEY).trackCap(TrackCap.total(50)));

        runAttributes(env(), sink().linger(Duration.ofSeconds(2)).build(), 400, 1);

        List<RecordedRequest> requests = trackRequests();
        assertThat(requests.stream().filter(r -> r.status() == 400))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.objectCount()).isGreaterThan(50));
        assertThat(requests.stream().filter(r -> r.status() == 201))
                .allSatisfy(r -> assertThat(r.objectCount()).isLessThanOrEqualTo(50));
        assertThat(braze.state().profiles()).hasSize(400);
        assertThat(kafka.readAll(deadLetterTopic)).isEmpty();
    }

    @Test
    void stopsAtOnceWithAClearMessageWhenTheKeyIsWrong() {
        emulator(BrazeEmulator.builder().apiKey("another-key"));
        StreamExecutionEnvironment env = env();
        env.setParallelism(1);

        assertThatThrownBy(() -> runAttributes(env, sink().build(), 100, 1))
                .satisfies(
                        e -> {
                            String messages = ExceptionUtils.stringifyException(e);
                            assertThat(messages).contains("401").contains("API key is wrong");
                            assertThat(messages).doesNotContain(API_KEY);
                        });
        assertThat(braze.requests()).hasSize(1);
    }

    @Test
    void restoresUnacknowledgedRecordsAfterAFailureWhileRequestsWereFailing() throws Exception {
        emulator(
                BrazeEmulator.builder()
                        .apiKey(API_KEY)
                        .faults(
                                FaultPlan.seeded(11)
                                        .serverErrors(0.4)
                                        .latency(Duration.ofMillis(5), Duration.ofMillis(30))));
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        FailOnceAfterCheckpoint.FAILED.set(false);
        int users = 50;
        int updates = 40;

        env.fromSequence(0, (long) users * updates - 1)
                .setParallelism(1)
                .map(new FailOnceAfterCheckpoint())
                .setParallelism(1)
                .map(i -> TestRecords.attributes("u" + (i % users), (int) (i / users)))
                .setParallelism(1)
                .keyBy(BrazeRecord::userKey)
                .sinkTo(sink().linger(Duration.ofMillis(20)).build());
        env.execute();

        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        Map<String, Set<Integer>> delivered = deliveredSeqs();
        for (int u = 0; u < users; u++) {
            assertThat(delivered.get("u" + u)).as("u%s", u).hasSize(updates);
            assertThat(seqOf("u" + u)).isEqualTo(updates - 1);
        }
        assertThat(kafka.readAll(deadLetterTopic)).isEmpty();
    }

    @Test
    void checkpointsKeepCompletingWhileBrazeAnswers429() throws Exception {
        emulator(BrazeEmulator.builder().apiKey(API_KEY));
        braze.setFaults(FaultPlan.seeded(3).rateLimitStorm(Duration.ofSeconds(6)));
        long stormEnds = System.currentTimeMillis() + 6000;
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        CountCheckpoints.COMPLETED.clear();

        env.fromSequence(0, 1999)
                .setParallelism(1)
                .map(new CountCheckpoints())
                .setParallelism(1)
                .map(i -> TestRecords.attributes("u" + (i % 500), (int) (i / 500)))
                .setParallelism(1)
                .keyBy(BrazeRecord::userKey)
                .sinkTo(sink().maxBufferedRecords(300).build());
        env.execute();

        long duringStorm =
                CountCheckpoints.COMPLETED.stream().filter(t -> t < stormEnds - 500).count();
        assertThat(duringStorm).isGreaterThanOrEqualTo(3);
        assertThat(braze.requests().stream().filter(r -> r.status() == 429).count())
                .isGreaterThan(0);
        for (int u = 0; u < 500; u++) {
            assertThat(seqOf("u" + u)).isEqualTo(3);
        }
    }

    private Map<String, Set<Integer>> deliveredSeqs() {
        Map<String, Set<Integer>> delivered = new java.util.HashMap<>();
        for (RecordedRequest request : trackRequests()) {
            boolean applied =
                    (request.status() >= 200 && request.status() < 300)
                            || request.fault() == Fault.DROP_AFTER_APPLY;
            if (request.body() == null || !applied) {
                continue;
            }
            for (JsonNode attributes : request.body().path("attributes")) {
                delivered
                        .computeIfAbsent(
                                attributes.get("external_id").asText(), u -> new HashSet<>())
                        .add(attributes.get("seq").asInt());
            }
        }
        return delivered;
    }

    /** Passes numbers through and fails the job once, after a checkpoint has completed. */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<Long, Long>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private boolean checkpointed;

        @Override
        public Long map(Long value) throws InterruptedException {
            Thread.sleep(1);
            if (checkpointed && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    /** Passes numbers through slowly and notes when checkpoints complete. */
    static final class CountCheckpoints implements MapFunction<Long, Long>, CheckpointListener {
        static final ConcurrentLinkedQueue<Long> COMPLETED = new ConcurrentLinkedQueue<>();

        @Override
        public Long map(Long value) throws InterruptedException {
            Thread.sleep(2);
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.add(System.currentTimeMillis());
        }
    }
}
