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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Records per second from a pre-filled topic through the whole job into the emulator, next to a
 * baseline job that reads and parses the same records and discards them; and how full the requests
 * were while there was a backlog.
 *
 * <p>Each rate is given twice: over the whole run, job start included, and over its steady part,
 * from the first record handled to the last (for the full job, the first and last request Braze
 * received), which leaves out the second or so a job takes to start.
 */
final class ThroughputBenchmark {

    private static final int CAP = 75;
    private static final String NO_RATE_LIMIT =
            "  track-rate-limit: {requests: 100000000, window: 3s}";

    private final BenchmarkContext context;
    private final int records;
    private final int rounds;

    ThroughputBenchmark(BenchmarkContext context, int records, int rounds) {
        this.context = context;
        this.records = records;
        this.rounds = rounds;
    }

    /** One run's rates: over the whole run, and over its steady part. */
    private record Rates(double whole, double steady) {}

    void run(ResultTable table) throws Exception {
        System.out.printf("Throughput: %d profile records, %d rounds%n", records, rounds);
        String topic = context.topic("throughput", 4);
        context.produceProfiles(topic, CdpRecords.distinctProfiles(0, records, 1), 0);

        List<Rates> baseline = new ArrayList<>();
        List<Rates> full = new ArrayList<>();
        long objects = 0;
        long requests = 0;
        long partial = 0;
        // The journal keeps one round's requests, not the run's, so that it costs little heap.
        try (BrazeEmulator braze =
                context.emulator(
                        b ->
                                b.trackRateLimit(100_000_000, Duration.ofSeconds(3))
                                        .requestHistoryLimit(records / CAP * 2 + 100))) {
            JobConfig config = context.config(topic, braze, true, NO_RATE_LIMIT, "");
            runBaseline(config, topic);
            braze.reset();
            runFullJob(config, braze);
            for (int round = 0; round < rounds; round++) {
                Rates base = runBaseline(config, topic);
                braze.reset();
                Rates whole = runFullJob(config, braze);
                baseline.add(base);
                full.add(whole);
                System.out.printf(
                        "  round %d: baseline %.0f (steady %.0f) records/s, full job %.0f"
                                + " (steady %.0f) records/s%n",
                        round + 1, base.whole(), base.steady(), whole.whole(), whole.steady());
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
                "Throughput, full job, whole run / steady (median of " + rounds + " rounds)",
                String.format(
                        "%.0f / %.0f records/s",
                        Figures.median(full.stream().map(Rates::whole).toList()),
                        Figures.median(full.stream().map(Rates::steady).toList())));
        table.add(
                "Throughput, baseline (read, parse, discard), whole run / steady",
                String.format(
                        "%.0f / %.0f records/s",
                        Figures.median(baseline.stream().map(Rates::whole).toList()),
                        Figures.median(baseline.stream().map(Rates::steady).toList())));
        List<Double> wholeRatios = new ArrayList<>();
        List<Double> steadyRatios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            wholeRatios.add(full.get(round).whole() / baseline.get(round).whole());
            steadyRatios.add(full.get(round).steady() / baseline.get(round).steady());
        }
        double steadyRatio = Figures.median(steadyRatios);
        table.add(
                "Throughput ratio, full job / baseline, whole run / steady (median of rounds)",
                String.format("%.2f / %.2f", Figures.median(wholeRatios), steadyRatio),
                ">= 0.6",
                steadyRatio >= 0.6);
        double fill = (double) objects / (requests * (double) CAP);
        table.add(
                "Batch fill with a backlog: objects per request / cap",
                String.format(
                        "%.3f (%d requests, %d below the cap of %d)", fill, requests, partial, CAP),
                ">= 0.98",
                fill >= 0.98);
    }

    private Rates runBaseline(JobConfig config, String topic) throws Exception {
        ParseOnly.FIRST.set(0);
        StreamExecutionEnvironment env = context.environment();
        env.fromSource(
                        CdpSource.create(config.kafka(), List.of(topic)),
                        WatermarkStrategy.noWatermarks(),
                        "CDP records")
                .map(new ParseOnly())
                .sinkTo(new DiscardingSink<>());
        long started = System.nanoTime();
        env.execute("baseline: read, parse, discard");
        long ended = System.nanoTime();
        return new Rates(
                records / ((ended - started) / 1e9),
                records / ((ParseOnly.LAST.get() - ParseOnly.FIRST.get()) / 1e9));
    }

    private Rates runFullJob(JobConfig config, BrazeEmulator braze) throws Exception {
        long started = System.nanoTime();
        BrazeSyncJob.run(context.environment(), config, "full job");
        long ended = System.nanoTime();
        List<RecordedRequest> requests = braze.requests();
        long first = requests.get(0).receivedAtNanos();
        long last = requests.get(requests.size() - 1).finishedAtNanos();
        return new Rates(records / ((ended - started) / 1e9), records / ((last - first) / 1e9));
    }

    /**
     * Parses a record's JSON and keeps only its field count, as the baseline's work; notes when the
     * first and the last record were handled (the mini-cluster runs in this JVM).
     */
    private static final class ParseOnly implements MapFunction<CdpRecord, Integer> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();
        static final AtomicLong FIRST = new AtomicLong();
        static final AtomicLong LAST = new AtomicLong();

        @Override
        public Integer map(CdpRecord record) throws Exception {
            long now = System.nanoTime();
            FIRST.compareAndSet(0, now);
            LAST.accumulateAndGet(now, Math::max);
            return JSON.readTree(record.value).size();
        }
    }
}
