package io.brazesync.job.bench;

import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncJob;
import java.time.Duration;
import java.util.List;

/**
 * How much of Braze's rate limit the job uses while it has a backlog, and how often Braze still
 * answers 429, with the emulator's {@code /users/track} limit scaled down so a run stays short.
 */
final class BudgetBenchmark {

    private static final int LIMIT_PER_SECOND = 40;
    private static final int SECONDS = 15;

    private final BenchmarkContext context;

    BudgetBenchmark(BenchmarkContext context) {
        this.context = context;
    }

    void run(ResultTable table) throws Exception {
        int records = LIMIT_PER_SECOND * 75 * SECONDS;
        System.out.printf(
                "Budget: %d records against a limit of %d requests/s%n", records, LIMIT_PER_SECOND);
        String topic = context.topic("budget", 4);
        context.produceProfiles(topic, CdpRecords.distinctProfiles(0, records, 2), 0);
        List<RecordedRequest> requests;
        try (BrazeEmulator braze =
                context.emulator(b -> b.trackRateLimit(LIMIT_PER_SECOND, Duration.ofSeconds(1)))) {
            BrazeSyncJob.run(
                    context.environment(),
                    context.config(
                            topic,
                            braze,
                            true,
                            "  track-rate-limit: {requests: " + LIMIT_PER_SECOND + ", window: 1s}",
                            ""),
                    "budget");
            requests = braze.requests();
        }

        long first = requests.get(0).receivedAtNanos();
        long last = requests.get(requests.size() - 1).receivedAtNanos();
        // The steady part: after the first two seconds, before the last one (the tail drains).
        long from = first + Duration.ofSeconds(2).toNanos();
        long to = last - Duration.ofSeconds(1).toNanos();
        long accepted =
                requests.stream()
                        .filter(r -> r.status() == 201)
                        .filter(r -> r.receivedAtNanos() >= from && r.receivedAtNanos() < to)
                        .count();
        long rateLimited = requests.stream().filter(r -> r.status() == 429).count();
        double rate = accepted / ((to - from) / 1e9);
        double use = rate / LIMIT_PER_SECOND;
        double share429 = (double) rateLimited / requests.size();
        table.add(
                "Braze budget use with a backlog: accepted requests/s / limit",
                String.format("%.3f (%.1f of %d requests/s)", use, rate, LIMIT_PER_SECOND),
                ">= 0.95",
                use >= 0.95);
        table.add(
                "Requests answered 429",
                String.format("%.2f%% (%d of %d)", share429 * 100, rateLimited, requests.size()),
                "< 1%",
                share429 < 0.01);
    }
}
