package io.brazesync.job.bench;

import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncJob;
import java.time.Duration;
import java.util.List;

/**
 * How much of Braze's rate limit the job uses while it has a backlog, and how often Braze still
 * answers 429, with the emulator's {@code /users/track} limit scaled down by ten (300 requests per
 * 3 s window instead of 3,000) so a run stays short.
 */
final class BudgetBenchmark {

    private static final int LIMIT_PER_WINDOW = 300;
    private static final int WINDOW_SECONDS = 3;
    private static final int SECONDS = 15;

    private final BenchmarkContext context;

    BudgetBenchmark(BenchmarkContext context) {
        this.context = context;
    }

    void run(ResultTable table) throws Exception {
        double limitPerSecond = (double) LIMIT_PER_WINDOW / WINDOW_SECONDS;
        int records = (int) (limitPerSecond * 75 * SECONDS);
        System.out.printf(
                "Budget: %d records against a limit of %d requests per %d s%n",
                records, LIMIT_PER_WINDOW, WINDOW_SECONDS);
        String topic = context.topic("budget", 4);
        context.produceProfiles(topic, CdpRecords.distinctProfiles(0, records, 2), 0);
        List<RecordedRequest> requests;
        try (BrazeEmulator braze =
                context.emulator(
                        b ->
                                b.trackRateLimit(
                                        LIMIT_PER_WINDOW, Duration.ofSeconds(WINDOW_SECONDS)))) {
            BrazeSyncJob.run(
                    context.environment(),
                    context.config(
                            topic,
                            braze,
                            true,
                            "  track-rate-limit: {requests: "
                                    + LIMIT_PER_WINDOW
                                    + ", window: "
                                    + WINDOW_SECONDS
                                    + "s}",
                            ""),
                    "budget");
            requests = braze.requests();
        }

        // The steady part: three whole windows after the first, before the tail drains.
        long from =
                requests.get(0).receivedAtNanos() + Duration.ofSeconds(WINDOW_SECONDS).toNanos();
        long to = from + Duration.ofSeconds(3L * WINDOW_SECONDS).toNanos();
        long accepted =
                requests.stream()
                        .filter(r -> r.status() == 201)
                        .filter(r -> r.receivedAtNanos() >= from && r.receivedAtNanos() < to)
                        .count();
        long rateLimited = requests.stream().filter(r -> r.status() == 429).count();
        double rate = accepted / ((to - from) / 1e9);
        double use = rate / limitPerSecond;
        double share429 = (double) rateLimited / requests.size();
        table.add(
                "Braze budget use with a backlog: accepted requests/s / limit",
                String.format("%.3f (%.1f of %.0f requests/s)", use, rate, limitPerSecond),
                ">= 0.95",
                use >= 0.95);
        table.add(
                "Requests answered 429",
                String.format("%.2f%% (%d of %d)", share429 * 100, rateLimited, requests.size()),
                "< 1%",
                share429 < 0.01);
    }
}
