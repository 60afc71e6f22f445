package io.brazesync.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncPipeline;
import io.brazesync.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Time from a record's Kafka timestamp to the emulator accepting it, at a light steady load, with
 * the default linger of 200 ms.
 */
final class LatencyBenchmark {

    private static final int RECORDS_PER_SECOND = 200;
    private static final int SECONDS = 20;
    private static final long LINGER_MILLIS = 200;

    private final BenchmarkContext context;

    LatencyBenchmark(BenchmarkContext context) {
        this.context = context;
    }

    void run(ResultTable table) throws Exception {
        int records = RECORDS_PER_SECOND * SECONDS;
        System.out.printf(
                "Latency: %d records/s for %d s, linger %d ms%n",
                RECORDS_PER_SECOND, SECONDS, LINGER_MILLIS);
        String topic = context.topic("latency", 4);
        List<Double> latencies = new ArrayList<>();
        try (BrazeEmulator braze = context.emulator(b -> b)) {
            StreamExecutionEnvironment env = context.environment();
            env.enableCheckpointing(1000);
            BrazeSyncPipeline.build(
                    env,
                    context.config(topic, braze, false, "  linger: " + LINGER_MILLIS + "ms", ""));
            JobClient job = env.executeAsync("latency");
            try {
                context.kafka()
                        .produce(
                                topic,
                                null,
                                List.of(
                                        "{\"external_id\":\"warm-up\",\"plan\":\"pro\"}"
                                                .getBytes(StandardCharsets.UTF_8)));
                Await.until(
                        "the job is running and delivering",
                        Duration.ofSeconds(60),
                        () -> accepted(braze) >= 1);
                braze.forgetRequests();
                produceSteadily(topic, records);
                Await.until(
                        "every record reaches the emulator",
                        Duration.ofSeconds(60),
                        () -> accepted(braze) >= records);
            } finally {
                job.cancel().get();
            }
            long epochMillis = System.currentTimeMillis();
            long nanos = System.nanoTime();
            for (RecordedRequest request : braze.requests()) {
                if (request.status() != 201) {
                    continue;
                }
                double acceptedAt = epochMillis - (nanos - request.finishedAtNanos()) / 1e6;
                for (JsonNode attributes : request.body().path("attributes")) {
                    latencies.add(acceptedAt - attributes.get("produced_at").asLong());
                }
            }
        }
        double p99 = Figures.percentile(latencies, 99);
        table.add(
                "Latency, Kafka timestamp to Braze accepting, p50 / p99 / p99.9",
                String.format(
                        "%.0f / %.0f / %.0f ms (%d records at %d/s)",
                        Figures.percentile(latencies, 50),
                        p99,
                        Figures.percentile(latencies, 99.9),
                        latencies.size(),
                        RECORDS_PER_SECOND),
                "p99 <= linger + 250 ms = " + (LINGER_MILLIS + 250) + " ms",
                p99 <= LINGER_MILLIS + 250);
    }

    /** Writes records at a steady rate, each carrying its own Kafka timestamp. */
    private void produceSteadily(String topic, int records) throws InterruptedException {
        long started = System.nanoTime();
        long intervalNanos = 1_000_000_000L / RECORDS_PER_SECOND;
        try (KafkaProducer<byte[], byte[]> producer = context.kafka().producer()) {
            for (int i = 0; i < records; i++) {
                long due = started + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                long now = System.currentTimeMillis();
                String value =
                        "{\"external_id\":\"latency-"
                                + i
                                + "\",\"produced_at\":"
                                + now
                                + ",\"plan\":\"pro\"}";
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                null,
                                now,
                                CdpRecords.key(i),
                                value.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static long accepted(BrazeEmulator braze) {
        return braze.requests().stream()
                .filter(r -> r.status() == 201)
                .mapToLong(RecordedRequest::objectCount)
                .sum();
    }
}
