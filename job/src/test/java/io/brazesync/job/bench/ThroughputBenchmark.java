package io.brazesync.job.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncJob;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.source.CdpRecord;
import io.brazesync.job.source.CdpSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Records per second from a pre-filled topic through the whole job into the emulator, next to a
 * baseline job that reads and parses the same records and discards them; and how full the requests
 * were while there was a backlog.
 */
final class ThroughputBenchmark {

    private static final int CAP = 75;
    private static final String NO_RATE_LIMIT =
            "  track-rate-limit: {requests: 100000000, window: 3s}\n  max-in-flight-requests: 32";

    private final BenchmarkContext context;
    private final int records;
    private final int rounds;

    ThroughputBenchmark(BenchmarkContext context, int records, int rounds) {
        this.context = context;
        this.records = records;
        this.rounds = rounds;
    }

    void run(ResultTable table) throws Exception {
        System.out.printf("Throughput: %d profile records, %d rounds%n", records, rounds);
        String topic = context.topic("throughput", 4);
        context.produceProfiles(topic, CdpRecords.distinctProfiles(0, records, 1), 0);

        List<Double> baseline = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        long objects = 0;
        long requests = 0;
        long partial = 0;
        try (BrazeEmulator braze =
                context.emulator(b -> b.trackRateLimit(100_000_000, Duration.ofSeconds(3)))) {
            JobConfig config = context.config(topic, braze, true, NO_RATE_LIMIT, "");
            runBaseline(config, topic);
            for (int round = 0; round < rounds; round++) {
                double base = runBaseline(config, topic);
                braze.reset();
                double whole = runFullJob(config);
                baseline.add(base);
                full.add(whole);
                ratios.add(whole / base);
                System.out.printf(
                        "  round %d: baseline %.0f records/s, full job %.0f records/s%n",
                        round + 1, base, whole);
                for (RecordedRequest request : braze.requests()) {
                    if (request.status() == 201) {
                        requests++;
                        objects += request.objectCount();
                        partial += request.objectCount() < CAP ? 1 : 0;
                    }
                }
            }
        }
        table.add(
                "Throughput, full job (median of " + rounds + ")",
                String.format("%.0f records/s", Figures.median(full)));
        table.add(
                "Throughput, baseline: read + parse + discard",
                String.format("%.0f records/s", Figures.median(baseline)));
        double ratio = Figures.median(ratios);
        table.add(
                "Throughput ratio, full job / baseline (median of rounds)",
                String.format("%.2f", ratio),
                ">= 0.6",
                ratio >= 0.6);
        double fill = (double) objects / (requests * (double) CAP);
        table.add(
                "Batch fill with a backlog: objects per request / cap",
                String.format(
                        "%.3f (%d requests, %d below the cap of %d)", fill, requests, partial, CAP),
                ">= 0.98",
                fill >= 0.98);
    }

    private double runBaseline(JobConfig config, String topic) throws Exception {
        StreamExecutionEnvironment env = context.environment();
        env.fromSource(
                        CdpSource.create(config.kafka(), List.of(topic)),
                        WatermarkStrategy.noWatermarks(),
                        "CDP records")
                .map(new ParseOnly())
                .sinkTo(new DiscardingSink<>());
        long started = System.nanoTime();
        env.execute("baseline: read, parse, discard");
        return records / ((System.nanoTime() - started) / 1e9);
    }

    private double runFullJob(JobConfig config) throws Exception {
        long started = System.nanoTime();
        BrazeSyncJob.run(context.environment(), config, "full job");
        return records / ((System.nanoTime() - started) / 1e9);
    }

    /** Parses a record's JSON and keeps only its field count, as the baseline's work. */
    private static final class ParseOnly implements MapFunction<CdpRecord, Integer> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Integer map(CdpRecord record) throws Exception {
            return JSON.readTree(record.value).size();
        }
    }
}
