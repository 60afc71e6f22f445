package io.brazesync.job.local;

import io.brazesync.connector.deadletter.DeadLetterHeaders;
import io.brazesync.connector.table.BrazeDynamicTableFactory;
import io.brazesync.emulator.BrazeState;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncJob;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.job.keyed.UserChangeStage;
import io.brazesync.job.sql.SqlJobRunner;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs braze-sync on this machine: an embedded Kafka broker, the Braze emulator and a Flink
 * mini-cluster, fed with the sample CDP records; prints progress and a summary, then exits.
 *
 * <p>By default the job runs the YAML syncs of {@code sample/local-config.yaml}; with {@code --sql}
 * it runs the SQL statements of {@code sample/local.sql} over the same topics instead.
 */
public final class LocalRun {

    /** Sample file per sync, in the order of the local configuration. */
    private static final Map<String, String> SAMPLES =
            Map.of(
                    "cdp.profiles", "profiles.jsonl",
                    "cdp.events", "events.jsonl",
                    "cdp.purchases", "purchases.jsonl",
                    "cdp.aliases", "aliases.jsonl",
                    "cdp.identifies", "identifies.jsonl",
                    "cdp.deletes", "deletes.jsonl");

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        boolean sql = List.of(args).contains("--sql");
        long started = System.nanoTime();
        System.out.println("braze-sync local run: starting Kafka, the Braze emulator and Flink");
        try (EmbeddedServices services = EmbeddedServices.start()) {
            JobConfig config =
                    JobConfigReader.parse(
                            services.fillIn(SampleData.resource("sample/local-config.yaml")));
            int produced = loadSamples(services, config);
            System.out.printf(
                    "Loaded %d sample CDP records into %d topics; Braze emulator at %s%n",
                    produced, config.syncs().size(), services.braze().baseUrl());

            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
            progress.scheduleAtFixedRate(
                    () -> printProgress(services.braze().requests()), 1, 1, TimeUnit.SECONDS);
            JobExecutionResult result;
            try {
                Configuration flink = new Configuration();
                flink.set(RestOptions.BIND_PORT, "0");
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.createLocalEnvironment(2, flink);
                result =
                        sql
                                ? SqlJobRunner.run(
                                                env,
                                                services.fillIn(
                                                        SampleData.resource("sample/local.sql")),
                                                "braze-sync (local, SQL)")
                                        .getJobClient()
                                        .orElseThrow()
                                        .getJobExecutionResult()
                                        .get()
                                : BrazeSyncJob.run(env, config, "braze-sync (local)");
            } finally {
                progress.shutdownNow();
            }
            printSummary(services, config, result, produced, started, sql);
        }
        System.exit(0);
    }

    private static long counter(JobExecutionResult result, String name) {
        Long value = result.getAccumulatorResult(name);
        return value == null ? 0 : value;
    }

    private static int loadSamples(EmbeddedServices services, JobConfig config) throws Exception {
        services.kafka().createTopic(config.deadLetterTopic(), 1);
        int produced = 0;
        for (JobConfig.SyncBinding sync : config.syncs()) {
            services.kafka().createTopic(sync.topic(), 2);
            List<byte[]> records = SampleData.records(SAMPLES.get(sync.topic()));
            services.kafka().produce(sync.topic(), null, records);
            produced += records.size();
        }
        return produced;
    }

    private static void printProgress(List<RecordedRequest> requests) {
        int objects = requests.stream().mapToInt(RecordedRequest::objectCount).sum();
        System.out.printf(
                "  ... %d requests to Braze so far, %d objects%n", requests.size(), objects);
    }

    private static void printSummary(
            EmbeddedServices services,
            JobConfig config,
            JobExecutionResult result,
            int produced,
            long startedNanos,
            boolean sql) {
        List<RecordedRequest> requests = services.braze().requests();
        Map<String, int[]> perEndpoint = new TreeMap<>();
        for (RecordedRequest request : requests) {
            int[] counts = perEndpoint.computeIfAbsent(request.path(), p -> new int[3]);
            counts[0]++;
            boolean accepted = request.status() >= 200 && request.status() < 300;
            counts[1] += accepted ? request.objectCount() - request.errors().size() : 0;
            counts[2] += request.errors().size();
        }
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                services.kafka().readAll(config.deadLetterTopic());
        Map<String, Integer> deadPerSync = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
            deadPerSync.merge(
                    DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SYNC),
                    1,
                    Integer::sum);
        }
        BrazeState state = services.braze().state();

        System.out.println();
        System.out.println("braze-sync local run: summary");
        System.out.printf("  records read from Kafka      %6d%n", produced);
        int accepted = 0;
        for (Map.Entry<String, int[]> endpoint : perEndpoint.entrySet()) {
            int[] c = endpoint.getValue();
            System.out.printf(
                    "  %-28s %6d requests, %5d objects accepted, %3d rejected by Braze%n",
                    endpoint.getKey(), c[0], c[1], c[2]);
            accepted += c[1];
        }
        System.out.printf("  objects accepted by Braze    %6d%n", accepted);
        System.out.printf("  records dead-lettered        %6d%n", deadLetters.size());
        deadPerSync.forEach((sync, n) -> System.out.printf("    sync %-22s %6d%n", sync, n));
        for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
            String topic = DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC);
            // A braze SQL table does not know where its rows were read.
            String where =
                    topic.isEmpty()
                            ? "a row of "
                                    + DeadLetterHeaders.read(
                                            letter.headers(), DeadLetterHeaders.SYNC)
                            : topic
                                    + "-"
                                    + DeadLetterHeaders.read(
                                            letter.headers(), DeadLetterHeaders.SOURCE_PARTITION)
                                    + "@"
                                    + DeadLetterHeaders.read(
                                            letter.headers(), DeadLetterHeaders.SOURCE_OFFSET);
            System.out.printf(
                    "    %s: %s%n",
                    where, DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON));
        }
        if (sql) {
            // The queries decide what is exported: a WHERE filters rows out, and a format that
            // ignores parse errors skips what it cannot read, before any braze table sees it.
            long rows = counter(result, BrazeDynamicTableFactory.ROWS_RECEIVED);
            System.out.printf("  rows the queries passed to braze tables %6d%n", rows);
            System.out.printf(
                    "  records the SQL left out (WHERE, ignored parse errors) %6d%n",
                    produced - rows);
            System.out.printf(
                    "  accounted for                %6d of %d rows (accepted + dead-lettered)%n",
                    accepted + deadLetters.size(), rows);
        } else {
            long unchanged = counter(result, UserChangeStage.RECORDS_UNCHANGED);
            long coalesced = counter(result, UserChangeStage.RECORDS_COALESCED);
            System.out.printf("  records left unsent, nothing changed %6d%n", unchanged);
            System.out.printf("  records coalesced into others        %6d%n", coalesced);
            System.out.printf(
                    "  data points saved (values unchanged)  %6d%n",
                    counter(result, UserChangeStage.VALUES_UNCHANGED));
            System.out.printf(
                    "  accounted for                %6d of %d"
                            + " (accepted + dead-lettered + unchanged + coalesced)%n",
                    accepted + deadLetters.size() + unchanged + coalesced, produced);
        }
        System.out.printf("  Braze profiles now           %6d%n", state.profiles().size());
        System.out.printf("  finished in %.1f s%n", (System.nanoTime() - startedNanos) / 1e9);
    }
}
