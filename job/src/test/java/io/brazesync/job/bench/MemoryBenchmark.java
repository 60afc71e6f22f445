package io.brazesync.job.bench;

import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.FaultPlan;
import io.brazesync.job.BrazeSyncJob;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap the job holds while it works through a backlog against a slow Braze, for two backlog
 * sizes: with bounded buffers it must not grow with the backlog.
 */
final class MemoryBenchmark {

    private static final int USERS = 2_000;

    private final BenchmarkContext context;

    MemoryBenchmark(BenchmarkContext context) {
        this.context = context;
    }

    void run(ResultTable table) throws Exception {
        System.out.println("Memory: backlogs of 40,000 and 160,000 records, Braze slowed down");
        long small = liveHeapPeak(40_000);
        long large = liveHeapPeak(160_000);
        double growth = (double) large / small;
        table.add(
                "Live heap peak (whole JVM: job, broker, emulator), backlog 40k / 160k",
                String.format("%d / %d MiB, ratio %.2f", small >> 20, large >> 20, growth),
                "no growth with the backlog (ratio about 1)",
                growth < 1.25);
    }

    /** The largest heap in use right after a full GC, sampled each second during the run. */
    private long liveHeapPeak(int records) throws Exception {
        String topic = context.topic("memory", 4);
        List<byte[]> values = new ArrayList<>(records);
        List<byte[]> keys = new ArrayList<>(records);
        Random random = new Random(3);
        for (int i = 0; i < records; i++) {
            int user = i % USERS;
            values.add(CdpRecords.profile(user, i / USERS, random));
            keys.add(CdpRecords.key(user));
        }
        context.kafka().produce(topic, keys, values);
        values.clear();
        keys.clear();

        AtomicLong peak = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler =
                new Thread(
                        () -> {
                            while (running.get()) {
                                System.gc();
                                peak.accumulateAndGet(
                                        ManagementFactory.getMemoryMXBean()
                                                .getHeapMemoryUsage()
                                                .getUsed(),
                                        Math::max);
                                try {
                                    Thread.sleep(1000);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "bench-heap-sampler");
        try (BrazeEmulator braze =
                context.emulator(
                        b ->
                                b.requestHistoryLimit(100)
                                        .faults(
                                                FaultPlan.seeded(9)
                                                        .latency(
                                                                Duration.ofMillis(60),
                                                                Duration.ofMillis(100))))) {
            sampler.start();
            BrazeSyncJob.run(
                    context.environment(),
                    context.config(topic, braze, true, "", "    change-detection: false"),
                    "memory, backlog " + records);
        } finally {
            running.set(false);
            sampler.interrupt();
            sampler.join();
        }
        return peak.get();
    }
}
