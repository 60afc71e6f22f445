package io.brazesync.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.deadletter.DeadLetterHeaders;
import io.brazesync.connector.deadletter.KafkaDeadLetterQueue;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.BrazeEmulatorBuilder;
import io.brazesync.emulator.Fault;
import io.brazesync.emulator.FaultPlan;
import io.brazesync.emulator.Permission;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.emulator.TlsKeyStore;
import io.brazesync.testing.EmbeddedKafka;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad answers, an untrusted certificate and an endpoint that never answers, each ending in a clear
 * message or a bounded retry: the sink on a mini-cluster against the Braze emulator, with dead
 * letters in a real Kafka broker.
 */
class BrazeAnswersITCase {

    private static final String API_KEY = "answers-test-key";
    private static final int FEW_ATTEMPTS = 3;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path directory;

    private static EmbeddedKafka kafka;
    private static Path apiKeyFile;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private final CapturedLogs logs = new CapturedLogs();
    private BrazeEmulator braze;
    private String deadLetterTopic;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        apiKeyFile = directory.resolve("braze-key.txt");
        Files.writeString(apiKeyFile, API_KEY);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void createDeadLetterTopic() throws Exception {
        deadLetterTopic = "dead-letters-" + TOPICS.incrementAndGet();
        kafka.createTopic(deadLetterTopic, 1);
        logs.start();
    }

    @AfterEach
    void stopEmulator() {
        logs.stop();
        if (braze != null) {
            braze.close();
        }
    }

    private BrazeEmulator emulator(BrazeEmulatorBuilder builder) {
        braze = builder.start();
        return braze;
    }

    private BrazeEmulator emulator(FaultPlan faults) {
        return emulator(BrazeEmulator.builder().apiKey(API_KEY).faults(faults));
    }

    private BrazeSinkBuilder sink(String endpoint) {
        return BrazeSink.builder()
                .endpoint(endpoint)
                .apiKey(ApiKeySource.fromFile(apiKeyFile.toString()))
                .linger(Duration.ofMillis(50))
                .retries(20, Duration.ofMillis(10), Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(5))
                .deadLetters(
                        KafkaDeadLetterQueue.factory(
                                kafka.bootstrapServers(), deadLetterTopic, Map.of()));
    }

    /** A sink that gives up soon: few attempts, short backoff, a short request timeout. */
    private BrazeSinkBuilder impatientSink(String endpoint) {
        return sink(endpoint)
                .retries(FEW_ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(50))
                .requestTimeout(Duration.ofMillis(300));
    }

    /** An environment whose job fails for good at its first failure. */
    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Streams {@code users × updates} records into the sink; user u's update k carries seq k. */
    private static void stream(
            StreamExecutionEnvironment env,
            BrazeSink sink,
            int users,
            int updates,
            boolean events) {
        env.fromSequence(0, (long) users * updates - 1)
                .setParallelism(1)
                .map(
                        i ->
                                events
                                        ? TestRecords.event("u" + (i % users), (int) (i / users))
                                        : TestRecords.attributes(
                                                "u" + (i % users), (int) (i / users)))
                .setParallelism(1)
                .keyBy(BrazeRecord::userKey)
                .sinkTo(sink);
    }

    private static void run(
            StreamExecutionEnvironment env, BrazeSink sink, int users, int updates, boolean events)
            throws Exception {
        stream(env, sink, users, updates, events);
        env.execute();
    }

    /** Runs a job that must fail, and returns what it failed with. */
    private static Throwable failure(StreamExecutionEnvironment env, BrazeSink sink) {
        Throwable thrown = catchThrowable(() -> run(env, sink, 10, 1, false));
        assertThat(thrown).as("the job's failure").isNotNull();
        return thrown;
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return kafka.readAll(deadLetterTopic);
    }

    private long requestsWith(Fault fault) {
        return braze.requests().stream().filter(r -> r.fault() == fault).count();
    }

    private long eventsStored() {
        return braze.state().profiles().stream().mapToLong(p -> p.events().size()).sum();
    }

    private static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        return DeadLetterHeaders.read(letter.headers(), name);
    }

    private void assertNothingShowsTheApiKey(Throwable failure) {
        assertThat(ExceptionUtils.stringifyException(failure)).doesNotContain(API_KEY);
        assertThat(logs.text()).doesNotContain(API_KEY);
    }

    private static BrazeUnreachableException unreachable(Throwable failure) {
        Optional<BrazeUnreachableException> found =
                ExceptionUtils.findThrowable(failure, BrazeUnreachableException.class);
        assertThat(found)
                .as("BrazeUnreachableException in %s", ExceptionUtils.stringifyException(failure))
                .isPresent();
        assertThat(ExceptionUtils.findThrowable(failure, SuppressRestartsException.class))
                .as("restarts stay allowed")
                .isEmpty();
        return found.get();
    }

    @Test
    void retriesHtmlErrorPagesAndDeliversEveryRecord() throws Exception {
        emulator(FaultPlan.seeded(21).htmlErrors(0.4));

        run(env(2), sink(braze.baseUrl()).build(), 200, 3, false);

        assertThat(requestsWith(Fault.HTML_ERROR)).isGreaterThan(0);
        assertThat(braze.state().profiles())
                .hasSize(200)
                .allSatisfy(p -> assertThat(p.attributes().get("seq").asInt()).isEqualTo(2));
        assertThat(deadLetters()).isEmpty();
        assertThat(logs.text()).contains("Braze answered 502").doesNotContain("<html", "nginx");
    }

    @Test
    @Timeout(120)
    void splitsDownToTheRecordWhenA400NamesNoRecordOfTheBatch() throws Exception {
        emulator(FaultPlan.seeded(25).errorsNamingNoObject(1.0));
        int records = 40;

        run(env(1), sink(braze.baseUrl()).build(), records, 1, false);

        // Halving finds the refused records in at most 2n - 1 requests; no batch is resent whole.
        assertThat(braze.requests()).hasSizeLessThanOrEqualTo(2 * records - 1);
        assertThat(deadLetters())
                .hasSize(records)
                .allSatisfy(
                        l ->
                                assertThat(header(l, DeadLetterHeaders.REASON))
                                        .isEqualTo("Braze refused the request (HTTP 400)"));
    }

    /**
     * While Braze fails, records waiting to be retried count against the buffer, so the sink stops
     * taking input instead of drawing all of it into retries that would end as dead letters.
     */
    @Test
    void holdsTheInputBackWhileBrazeFailsAndDeliversEverythingAfterwards() throws Exception {
        emulator(FaultPlan.seeded(26).latency(Duration.ofMillis(20), Duration.ofMillis(30)));
        int users = 20_000;
        int maxBuffered = 300;
        StreamExecutionEnvironment env = env(1);
        stream(env, sink(braze.baseUrl()).maxBufferedRecords(maxBuffered).build(), users, 1, false);

        JobClient job = env.executeAsync("Braze fails for a second");
        awaitRequests(1);
        braze.setFaults(FaultPlan.seeded(27).serverErrors(1.0));
        Thread.sleep(1_000);
        braze.setFaults(FaultPlan.none());
        job.getJobExecutionResult().get();

        Set<String> takenDuringOutage = new HashSet<>();
        braze.requests().stream()
                .filter(r -> r.fault() == Fault.SERVER_ERROR)
                .forEach(r -> takenDuringOutage.addAll(r.users()));
        // At most twice the buffer waits, plus what was in flight (8 requests of 75) at the start.
        assertThat(takenDuringOutage).isNotEmpty().hasSizeLessThanOrEqualTo(2 * maxBuffered + 600);
        assertThat(braze.state().profiles()).hasSize(users);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void retriesTruncatedAnswersAndDeliversEveryRecordWithCountedDuplicates() throws Exception {
        emulator(FaultPlan.seeded(22).truncatedAnswers(0.3));
        int users = 300;
        int eventsPerUser = 2;

        run(env(2), sink(braze.baseUrl()).build(), users, eventsPerUser, true);

        // Each truncated answer hid an applied request whose records were sent again.
        long duplicates =
                braze.requests().stream()
                        .filter(r -> r.fault() == Fault.TRUNCATED_ANSWER)
                        .mapToLong(RecordedRequest::objectCount)
                        .sum();
        assertThat(duplicates).isGreaterThan(0);
        assertThat(eventsStored()).isEqualTo((long) users * eventsPerUser + duplicates);
        assertThat(braze.state().profiles())
                .hasSize(users)
                .allSatisfy(p -> assertThat(p.events()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(deadLetters()).isEmpty();
        assertThat(logs.text()).contains("Braze's answer was not JSON (HTTP 201)");
    }

    @Test
    void deadLettersWithTheReasonWhenEveryAnswerIsCutShort() throws Exception {
        emulator(FaultPlan.seeded(23).truncatedAnswers(1.0));

        run(env(1), impatientSink(braze.baseUrl()).build(), 20, 1, true);

        List<ConsumerRecord<byte[], byte[]>> letters = deadLetters();
        assertThat(letters)
                .hasSize(20)
                .allSatisfy(
                        letter -> {
                            assertThat(header(letter, DeadLetterHeaders.REASON))
                                    .isEqualTo(
                                            "gave up after 3 attempts: Braze's answer was not"
                                                    + " JSON (HTTP 201)");
                            assertThat(header(letter, DeadLetterHeaders.BRAZE_ERROR))
                                    .startsWith("{\"message\":\"success\"");
                        });
        // At least once: Braze applied every attempt, though the sink could not know it.
        assertThat(eventsStored()).isEqualTo(20L * FEW_ATTEMPTS);
    }

    @Test
    void deadLettersWhatACaptiveProxyAnsweredWithA200Page() throws Exception {
        emulator(FaultPlan.seeded(24).htmlSuccess(1.0));

        run(env(1), impatientSink(braze.baseUrl()).build(), 20, 1, false);

        assertThat(deadLetters())
                .hasSize(20)
                .allSatisfy(
                        letter -> {
                            assertThat(header(letter, DeadLetterHeaders.REASON))
                                    .endsWith("Braze's answer was not JSON (HTTP 200)");
                            assertThat(header(letter, DeadLetterHeaders.BRAZE_ERROR))
                                    .isEqualTo("an HTML page titled \"Network sign-in required\"");
                        });
        assertThat(braze.state().profiles()).isEmpty();
        assertThat(logs.text()).doesNotContain("<html", "<title");
    }

    @Test
    void deadLettersEveryRecordAPartialSuccessNamesEvenWhenItNamesNearlyTheWholeBatch()
            throws Exception {
        emulator(FaultPlan.none());
        StreamExecutionEnvironment env = env(1);
        env.fromSequence(0, 74)
                .map(
                        i ->
                                i == 0
                                        ? TestRecords.event("u0", 0)
                                        : TestRecords.record(
                                                BrazeArray.EVENTS,
                                                "u" + i,
                                                "{\"external_id\":\"u"
                                                        + i
                                                        + "\",\"name\":\"e\","
                                                        + "\"time\":\"not a time\"}",
                                                i))
                .keyBy(BrazeRecord::userKey)
                .sinkTo(sink(braze.baseUrl()).linger(Duration.ofSeconds(5)).build());
        env.execute();

        // One answer names 74 records: its body is longer than a few kilobytes.
        assertThat(braze.requests()).hasSize(1);
        assertThat(braze.requests().get(0).errors()).hasSize(74);
        assertThat(braze.requests().get(0).responseBody().length()).isGreaterThan(4096);
        assertThat(deadLetters())
                .hasSize(74)
                .allSatisfy(
                        letter ->
                                assertThat(header(letter, DeadLetterHeaders.REASON))
                                        .startsWith("rejected by Braze"));
        assertThat(eventsStored()).isEqualTo(1);
    }

    @Test
    void failsTheJobWithAClearMessageWhenBrazeNeverAnswers() {
        emulator(FaultPlan.seeded(25).hang(1.0));

        Throwable failure = failure(env(1), impatientSink(braze.baseUrl()).build());

        assertThat(unreachable(failure).getMessage())
                .startsWith("cannot reach Braze at " + braze.baseUrl() + ": TimeoutException")
                .contains("on the last of 3 attempts")
                .contains("check braze.endpoint, the network");
        assertThat(braze.requests())
                .hasSize(FEW_ATTEMPTS)
                .allSatisfy(r -> assertThat(r.fault()).isEqualTo(Fault.HANG));
        assertThat(deadLetters()).isEmpty();
        assertNothingShowsTheApiKey(failure);
    }

    @Test
    void ridesOutABrazeThatDoesNotAnswerAtStartWithARestartStrategy() throws Exception {
        emulator(FaultPlan.seeded(26).hang(1.0));
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        stream(env, impatientSink(braze.baseUrl()).build(), 10, 1, false);

        JobClient job = env.executeAsync("Braze hangs, then answers");
        awaitRequests(FEW_ATTEMPTS);
        braze.setFaults(FaultPlan.none());
        job.getJobExecutionResult().get();

        assertThat(requestsWith(Fault.HANG)).isEqualTo(FEW_ATTEMPTS);
        assertThat(braze.state().profiles()).hasSize(10);
        assertThat(deadLetters()).isEmpty();
        assertThat(logs.text()).contains("cannot reach Braze at " + braze.baseUrl());
    }

    @Test
    void failsTheJobWithAClearMessageWhenNothingListensOnTheEndpoint() throws Exception {
        String endpoint = "http://127.0.0.1:" + closedPort();

        Throwable failure = failure(env(1), impatientSink(endpoint).build());

        assertThat(unreachable(failure).getMessage())
                .startsWith(
                        "cannot reach Braze at "
                                + endpoint
                                + ": ConnectException (connection refused) on the last of 3"
                                + " attempts")
                .contains("check braze.endpoint, the network");
        assertThat(deadLetters()).isEmpty();
        assertNothingShowsTheApiKey(failure);
    }

    @Test
    void refusesAnUntrustedCertificateAndFailsTheJobWithoutSendingABody() {
        emulator(BrazeEmulator.builder().apiKey(API_KEY).tls(TlsKeyStore.selfSigned(directory)));
        assertThat(braze.baseUrl()).startsWith("https://");

        Throwable failure = failure(env(1), impatientSink(braze.baseUrl()).build());

        assertThat(unreachable(failure).getMessage())
                .startsWith("cannot reach Braze at " + braze.baseUrl() + ": SSLHandshakeException")
                .contains("certificate is not trusted")
                .contains("that the JVM trusts the endpoint's certificate");
        assertThat(braze.requests()).isEmpty();
        assertThat(deadLetters()).isEmpty();
        assertNothingShowsTheApiKey(failure);
    }

    @Test
    void stopsAfterOneRequestNamingThePermissionTheKeyLacks() {
        emulator(
                BrazeEmulator.builder()
                        .apiKey(API_KEY)
                        .permissions(EnumSet.complementOf(EnumSet.of(Permission.USERS_TRACK))));

        Throwable failure = failure(env(1), sink(braze.baseUrl()).build());

        assertThat(ExceptionUtils.findThrowable(failure, BrazeConfigurationException.class))
                .hasValueSatisfying(
                        e ->
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "Braze answered 403 Forbidden on POST "
                                                        + braze.baseUrl()
                                                        + "/users/track: the API key lacks the"
                                                        + " permission users.track; add it to"
                                                        + " the key in Braze's dashboard"));
        assertThat(ExceptionUtils.findThrowable(failure, SuppressRestartsException.class))
                .isPresent();
        assertThat(braze.requests()).hasSize(1);
        assertThat(deadLetters()).isEmpty();
        assertNothingShowsTheApiKey(failure);
    }

    @Test
    void stopsAfterOneRequestWhenTheEndpointIsNotABrazeHost() {
        emulator(BrazeEmulator.builder().apiKey(API_KEY));
        String endpoint = braze.baseUrl() + "/not-braze";

        Throwable failure = failure(env(1), sink(endpoint).build());

        assertThat(ExceptionUtils.findThrowable(failure, BrazeConfigurationException.class))
                .hasValueSatisfying(
                        e ->
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "Braze answered 404 Not Found on POST "
                                                        + endpoint
                                                        + "/users/track: braze.endpoint is not a"
                                                        + " Braze REST host"));
        assertThat(braze.requests()).hasSize(1);
        assertThat(deadLetters()).isEmpty();
        assertNothingShowsTheApiKey(failure);
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (braze.requests().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(braze.requests()).hasSizeGreaterThanOrEqualTo(count);
    }

    /** A loopback port that nothing listens on (it was free a moment ago). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Every log line of the test JVM while a test runs, with its stack trace. */
    private static final class CapturedLogs {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final AbstractAppender appender =
                new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        lines.add(event.getMessage().getFormattedMessage());
                        if (event.getThrown() != null) {
                            lines.add(ExceptionUtils.stringifyException(event.getThrown()));
                        }
                    }
                };

        void start() {
            appender.start();
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
            context.updateLoggers();
        }

        void stop() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }

        String text() {
            return String.join("\n", lines);
        }
    }
}
