package io.brazesync.job;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.BrazeEmulatorBuilder;
import io.brazesync.emulator.Permission;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.testing.Await;
import io.brazesync.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real job, configured from YAML, never shows its Braze API key: not in a log line (this
 * project's, the HTTP client's and netty's at DEBUG), not in a failure's messages and stack traces,
 * not in Flink's REST API (what the web UI shows), not in the job graph or the serialized sink, and
 * not in a file of a retained checkpoint.
 *
 * <p>Every search first finds a string planted where it must show, so that none can pass for want
 * of looking; the key is searched as text, in part, in UTF-16 and in Base64.
 */
class SecretsITCase {

    /** A key no other string of the run can contain by chance. */
    private static final String FILE_KEY =
            "bz-file-key-" + UUID.randomUUID().toString().replace("-", "");

    /** Set by failsafe (see the job's pom), so that no test changes this JVM's environment. */
    private static final String KEY_VARIABLE = "BRAZE_SYNC_SECRETS_TEST_KEY";

    private static final int PROFILES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafka kafka;

    @TempDir Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void aKeyFromAFileIsInNoLogLineRestAnswerJobGraphSinkOrCheckpointFile(
            @InjectClusterRESTAddress URI rest) throws Exception {
        Path keyFile = keyFile(FILE_KEY);
        Path checkpoints = temp.resolve("checkpoints");
        String sync = "secrets-file";
        JobConfig config;
        Map<String, String> answers;
        List<String> logs;
        try (BrazeEmulator braze = BrazeEmulator.builder().apiKey(FILE_KEY).start();
                CapturedLogs captured = CapturedLogs.start()) {
            config = jobConfig(sync, braze, "api-key-file: " + keyFile, false);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            retainedCheckpoints(checkpoints));
            BrazeSyncPipeline.build(env, config);
            JobClient job = env.executeAsync(sync + "-job");
            Await.until(
                    "every profile reached Braze and two checkpoints completed",
                    Duration.ofSeconds(120),
                    () ->
                            braze.state().profiles().size() == PROFILES
                                    && completedCheckpoints(rest, job.getJobID()) >= 2);
            answers = restAnswers(rest, job.getJobID());
            job.cancel().get(60, TimeUnit.SECONDS);
            Await.until("the job is cancelled", () -> isTerminal(job));
            logs = captured.events();
        }

        assertNoKey(FILE_KEY, "the log lines", text(logs), sync + "-job");
        assertThat(logs)
                .as("control: DEBUG lines of the HTTP client and of the sink were captured")
                .anyMatch(line -> line.startsWith("DEBUG org.asynchttpclient"))
                .anyMatch(line -> line.contains("Sending") && line.contains("/users/track"));
        assertRestAnswersHaveNoKey(FILE_KEY, answers, sync + "-job");
        assertNoKey(
                FILE_KEY,
                "the serialized sink",
                InstantiationUtil.serializeObject(BrazeSyncPipeline.brazeSink(config)),
                keyFile.toString());
        assertNoKey(FILE_KEY, "the job graph", jobGraph(config), keyFile.toString());
        assertCheckpointFilesHaveNoKey(FILE_KEY, checkpoints, sync + ".profiles");
    }

    @ParameterizedTest(name = "Braze answers {0}")
    @ValueSource(ints = {401, 403})
    void aKeyBrazeRefusesIsNotInTheFailureItsLogLinesOrTheRestApi(
            int status, @InjectClusterRESTAddress URI rest) throws Exception {
        String sync = "secrets-" + status;
        BrazeEmulatorBuilder emulator =
                status == 401
                        ? BrazeEmulator.builder().apiKey("another-workspace").namesRefusedKeys(true)
                        : BrazeEmulator.builder()
                                .apiKey(FILE_KEY)
                                .permissions(
                                        EnumSet.complementOf(EnumSet.of(Permission.USERS_TRACK)));
        Throwable failure;
        Map<String, String> answers;
        List<String> logs;
        String brazeAnswer;
        try (BrazeEmulator braze = emulator.start();
                CapturedLogs captured = CapturedLogs.start()) {
            JobConfig config = jobConfig(sync, braze, "api-key-file: " + keyFile(FILE_KEY), true);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            BrazeSyncPipeline.build(env, config);
            JobClient job = env.executeAsync(sync + "-job");
            failure = catchThrowable(() -> job.getJobExecutionResult().get(120, TimeUnit.SECONDS));
            answers = restAnswers(rest, job.getJobID());
            logs = captured.events();
            brazeAnswer = braze.requests().get(0).responseBody();
        }

        String refusal = status == 401 ? "401 Unauthorized" : "403 Forbidden";
        if (status == 401) {
            assertThat(brazeAnswer)
                    .as("control: Braze named the key it refused")
                    .contains(FILE_KEY);
            assertNoKey(
                    FILE_KEY, "the failure", stackTrace(failure), "Invalid API key: <redacted>");
        }
        assertNoKey(FILE_KEY, "the failure", stackTrace(failure), refusal);
        assertNoKey(FILE_KEY, "the log lines", text(logs), refusal);
        assertNoKey(
                FILE_KEY,
                "the REST API's exceptions",
                answers.get(job(answers) + "/exceptions"),
                refusal);
        assertRestAnswersHaveNoKey(FILE_KEY, answers, sync + "-job");
    }

    @Test
    void aKeyFromTheEnvironmentIsInNoLogLineRestAnswerJobGraphOrSink(
            @InjectClusterRESTAddress URI rest) throws Exception {
        String key = System.getenv(KEY_VARIABLE);
        assumeTrue(key != null && !key.isBlank(), "failsafe sets " + KEY_VARIABLE);
        String sync = "secrets-env";
        JobConfig config;
        Map<String, String> answers;
        List<String> logs;
        try (BrazeEmulator braze = BrazeEmulator.builder().apiKey(key).start();
                CapturedLogs captured = CapturedLogs.start()) {
            config = jobConfig(sync, braze, "api-key-env: " + KEY_VARIABLE, true);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            BrazeSyncPipeline.build(env, config);
            JobClient job = env.executeAsync(sync + "-job");
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
            assertThat(braze.state().profiles())
                    .as("the job sent with the key from the environment")
                    .hasSize(PROFILES);
            answers = restAnswers(rest, job.getJobID());
            logs = captured.events();
        }

        assertNoKey(key, "the log lines", text(logs), sync + "-job");
        assertRestAnswersHaveNoKey(key, answers, sync + "-job");
        assertNoKey(
                key,
                "the serialized sink",
                InstantiationUtil.serializeObject(BrazeSyncPipeline.brazeSink(config)),
                KEY_VARIABLE);
        assertNoKey(key, "the job graph", jobGraph(config), KEY_VARIABLE);
    }

    /** A topic of valid profiles and the configuration of a job with one sync over it. */
    private static JobConfig jobConfig(
            String sync, BrazeEmulator braze, String keySetting, boolean stopAtLatest)
            throws Exception {
        String topic = sync + ".profiles";
        kafka.createTopic(topic, 1);
        kafka.createTopic(sync + ".dead-letters", 1);
        List<byte[]> profiles = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            profiles.add(
                    ("{\"external_id\":\""
                                    + sync
                                    + "-"
                                    + i
                                    + "\",\"plan\":\"gold\",\"n\":"
                                    + i
                                    + "}")
                            .getBytes(UTF_8));
        }
        kafka.produce(topic, null, profiles);
        return JobConfigReader.parse(
                String.join(
                        "\n",
                        "kafka:",
                        "  bootstrap-servers: " + kafka.bootstrapServers(),
                        "  group-id: " + sync,
                        "  starting-offsets: earliest",
                        "  stop-at-latest: " + stopAtLatest,
                        "braze:",
                        "  endpoint: " + braze.baseUrl(),
                        "  " + keySetting,
                        "  linger: 20ms",
                        "dead-letter-topic: " + sync + ".dead-letters",
                        "syncs:",
                        "  - name: " + sync,
                        "    topic: " + topic,
                        "    mode: user_track",
                        "    track-record-type: user_profile_attributes"));
    }

    private Path keyFile(String key) throws IOException {
        Path file = temp.resolve("braze-api-key-" + UUID.randomUUID() + ".txt");
        Files.writeString(file, key + "\n");
        return file;
    }

    private static Configuration retainedCheckpoints(Path directory) {
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory.toUri().toString());
        configuration.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        return configuration;
    }

    /** The job graph a cluster receives for this configuration, Java-serialized. */
    private static byte[] jobGraph(JobConfig config) throws IOException {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        BrazeSyncPipeline.build(env, config);
        return InstantiationUtil.serializeObject(env.getStreamGraph().getJobGraph());
    }

    /**
     * What Flink's REST API answers about the cluster and the job, by path: everything the web UI
     * shows of its configuration, plan, vertices, checkpoints and exceptions.
     */
    private Map<String, String> restAnswers(URI rest, JobID id) throws Exception {
        String job = "/jobs/" + id;
        List<String> paths =
                new ArrayList<>(
                        List.of(
                                "/config",
                                "/overview",
                                "/jobmanager/config",
                                "/jobmanager/environment",
                                "/taskmanagers",
                                "/jobs/overview",
                                job,
                                job + "/config",
                                job + "/plan",
                                job + "/exceptions",
                                job + "/accumulators",
                                job + "/checkpoints",
                                job + "/checkpoints/config",
                                job + "/jobmanager/config",
                                job + "/jobmanager/environment"));
        for (JsonNode vertex : JSON.readTree(get(rest, job)).path("vertices")) {
            String path = job + "/vertices/" + vertex.get("id").asText();
            paths.addAll(
                    List.of(
                            path,
                            path + "/accumulators",
                            path + "/subtasks/accumulators",
                            path + "/taskmanagers"));
        }
        for (JsonNode manager : JSON.readTree(get(rest, "/taskmanagers")).path("taskmanagers")) {
            paths.add("/taskmanagers/" + manager.get("id").asText());
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : paths) {
            answers.put(path, get(rest, path));
        }
        return answers;
    }

    private String get(URI rest, String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(rest.resolve(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private int completedCheckpoints(URI rest, JobID id) {
        try {
            return JSON.readTree(get(rest, "/jobs/" + id + "/checkpoints"))
                    .path("counts")
                    .path("completed")
                    .asInt();
        } catch (Exception e) {
            return 0;
        }
    }

    private static boolean isTerminal(JobClient job) {
        try {
            return job.getJobStatus().get().isTerminalState();
        } catch (Exception e) {
            return true;
        }
    }

    private static void assertRestAnswersHaveNoKey(
            String key, Map<String, String> answers, String jobName) {
        String job = job(answers);
        assertNoKey(key, "GET " + job, answers.get(job), jobName);
        assertNoKey(key, "GET " + job + "/config", answers.get(job + "/config"), jobName);
        assertNoKey(key, "GET " + job + "/plan", answers.get(job + "/plan"), "Braze");
        assertNoKey(
                key,
                "GET /jobmanager/config",
                answers.get("/jobmanager/config"),
                "taskmanager.numberOfTaskSlots");
        for (Map.Entry<String, String> answer : answers.entrySet()) {
            assertNoKey(key, "GET " + answer.getKey(), answer.getValue(), "{");
        }
    }

    private static void assertCheckpointFilesHaveNoKey(String key, Path directory, String topic)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files)
                .as("control: a retained checkpoint")
                .anyMatch(file -> file.getFileName().toString().equals("_metadata"));
        List<String> withTopic = new ArrayList<>();
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            assertThat(formsIn(content, key)).as("the key in %s", file).isEmpty();
            if (indexOf(content, topic.getBytes(UTF_8)) >= 0) {
                withTopic.add(file.toString());
            }
        }
        assertThat(withTopic)
                .as("control: the source's topic in the checkpoint files")
                .isNotEmpty();
    }

    private static void assertNoKey(String key, String where, String text, String planted) {
        assertThat(text).as("%s was read", where).isNotNull();
        assertNoKey(key, where, text.getBytes(UTF_8), planted);
    }

    /** Fails if {@code bytes} hold the key, after proving that the search finds {@code planted}. */
    private static void assertNoKey(String key, String where, byte[] bytes, String planted) {
        assertThat(indexOf(bytes, planted.getBytes(UTF_8)))
                .as("control: %s shows %s", where, planted)
                .isNotNegative();
        assertThat(formsIn(bytes, key)).as("the key in %s", where).isEmpty();
    }

    /**
     * The forms of {@code secret} that {@code bytes} hold: whole, its first and last 16 characters
     * (an encoder may change one end, as Kryo marks the last character of a string), UTF-16 and
     * Base64, of the key alone and of its Authorization header.
     */
    private static List<String> formsIn(byte[] bytes, String secret) {
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("text", secret.getBytes(UTF_8));
        if (secret.length() > 20) {
            forms.put("start", secret.substring(0, 16).getBytes(UTF_8));
            forms.put("end", secret.substring(secret.length() - 16).getBytes(UTF_8));
        }
        forms.put("UTF-16BE", secret.getBytes(UTF_16BE));
        forms.put("UTF-16LE", secret.getBytes(UTF_16LE));
        forms.put("Base64", Base64.getEncoder().encode(secret.getBytes(UTF_8)));
        forms.put(
                "Base64 header", Base64.getEncoder().encode(("Bearer " + secret).getBytes(UTF_8)));
        List<String> found = new ArrayList<>();
        forms.forEach(
                (form, needle) -> {
                    if (indexOf(bytes, needle) >= 0) {
                        found.add(form);
                    }
                });
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String job(Map<String, String> answers) {
        return answers.keySet().stream()
                .filter(path -> path.matches("/jobs/[0-9a-f]{32}"))
                .findFirst()
                .orElseThrow();
    }

    private static String text(List<String> lines) {
        return String.join("\n", lines);
    }

    private static String stackTrace(Throwable failure) {
        assertThat(failure).as("the job failed").isNotNull();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
