package io.brazesync.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.FaultPlan;
import io.brazesync.job.BrazeSyncPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Checkpoint durations of a running job, first while Braze answers normally and then while it
 * answers 429 to everything for a minute, under a steady input that backs up during the storm.
 */
final class CheckpointBenchmark {

    private static final Duration CALM = Duration.ofSeconds(30);
    private static final Duration STORM = Duration.ofSeconds(60);
    private static final int RECORDS_PER_SECOND = 500;

    private final BenchmarkContext context;

    CheckpointBenchmark(BenchmarkContext context) {
        this.context = context;
    }

    void run(ResultTable table) throws Exception {
        System.out.printf(
                "Checkpoints: every second, %d s calm then %d s of 429s, %d records/s%n",
                CALM.toSeconds(), STORM.toSeconds(), RECORDS_PER_SECOND);
        String topic = context.topic("checkpoints", 4);
        List<long[]> calm = new ArrayList<>();
        List<long[]> storm = new ArrayList<>();
        try (BrazeEmulator braze = context.emulator(b -> b)) {
            StreamExecutionEnvironment env = context.environment();
            // As flink-conf.yaml configures a cluster: unaligned barriers.
            env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
            env.getCheckpointConfig().enableUnalignedCheckpoints();
            BrazeSyncPipeline.build(env, context.config(topic, braze, false, "", ""));
            JobClient job = env.executeAsync("checkpoints under a 429 storm");
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> produce(topic, producing), "bench-producer");
            producer.start();
            long stormStarts;
            long stormEnds;
            try {
                Thread.sleep(CALM.toMillis());
                stormStarts = System.currentTimeMillis();
                braze.setFaults(FaultPlan.seeded(5).rateLimitStorm(STORM));
                Thread.sleep(STORM.toMillis());
                stormEnds = System.currentTimeMillis();
                for (JsonNode checkpoint : history(job)) {
                    long trigger = checkpoint.get("trigger_timestamp").asLong();
                    long[] figures = {
                        checkpoint.get("end_to_end_duration").asLong(),
                        checkpoint.get("status").asText().equals("COMPLETED") ? 0 : 1
                    };
                    if (trigger >= stormStarts && trigger < stormEnds - 1000) {
                        storm.add(figures);
                    } else if (trigger < stormStarts) {
                        calm.add(figures);
                    }
                }
            } finally {
                producing.set(false);
                producer.join();
                job.cancel().get();
            }
        }
        report(table, "calm", calm);
        report(table, "429 storm", storm);
    }

    private static void report(ResultTable table, String phase, List<long[]> checkpoints) {
        List<Long> durations = new ArrayList<>();
        long failed = 0;
        for (long[] checkpoint : checkpoints) {
            durations.add(checkpoint[0]);
            failed += checkpoint[1];
        }
        double p99 = Figures.percentile(durations, 99);
        table.add(
                "Checkpoint duration, " + phase + ", p50 / p99 / max",
                String.format(
                        "%.0f / %.0f / %.0f ms (%d checkpoints, %d not completed)",
                        Figures.percentile(durations, 50),
                        p99,
                        Figures.percentile(durations, 100),
                        durations.size(),
                        failed),
                "p99 < 1 s",
                p99 < 1000 && failed == 0 && !durations.isEmpty());
    }

    private List<JsonNode> history(JobClient job) throws Exception {
        URI uri = context.restAddress().resolve("/jobs/" + job.getJobID() + "/checkpoints");
        String body =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(uri).GET().build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        List<JsonNode> checkpoints = new ArrayList<>();
        new ObjectMapper().readTree(body).path("history").forEach(checkpoints::add);
        return checkpoints;
    }

    private void produce(String topic, AtomicBoolean producing) {
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = context.kafka().producer()) {
            for (long i = 0; producing.get(); i++) {
                long wait = started + i * 1_000_000_000L / RECORDS_PER_SECOND - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
                int user = (int) (i % 20_000);
                String value = "{\"external_id\":\"user-" + user + "\",\"visits\":" + i + "}";
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                CdpRecords.key(user),
                                value.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
