package io.brazesync.job.bench;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.job.BrazeSyncJob;
import io.brazesync.job.keyed.IdentityRouting;
import io.brazesync.job.keyed.UserChangeStage;
import io.brazesync.job.keyed.UserRecord;
import io.brazesync.job.testdata.RepeatingProfiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/**
 * Braze data points sent with change detection on and off, on a profile stream where a known share
 * of values repeats; and the checkpointed state change detection keeps per user.
 */
final class CostBenchmark {

    private static final int USERS = 5_000;
    private static final int ROUNDS = 4;
    private static final int ATTRIBUTES = 8;
    private static final double REPEAT_SHARE = 0.6;

    private final BenchmarkContext context;

    CostBenchmark(BenchmarkContext context) {
        this.context = context;
    }

    void run(ResultTable table) throws Exception {
        System.out.printf(
                "Cost: %d users x %d rounds x %d attributes, %.0f%% of later values repeat%n",
                USERS, ROUNDS, ATTRIBUTES, REPEAT_SHARE * 100);
        RepeatingProfiles stream =
                RepeatingProfiles.generate(USERS, ROUNDS, ATTRIBUTES, REPEAT_SHARE, 7);
        String topic = context.topic("cost", 4);
        context.kafka().produce(topic, stream.keys, stream.records);

        long with = dataPoints(topic, true);
        long without = dataPoints(topic, false);
        double saved = 1 - (double) with / without;
        double expected = (double) stream.repeated / stream.values;
        table.add(
                "Data points sent, change detection on / off",
                String.format(
                        "%d / %d: %.1f%% saved; %.1f%% of the values repeated",
                        with, without, saved * 100, expected * 100),
                "saving = share of repeats",
                with == stream.values - stream.repeated && without == stream.values);
        for (int attributes : new int[] {8, 30}) {
            table.add(
                    "Change-detection state per user, " + attributes + " attributes",
                    String.format("%.0f bytes checkpointed", stateBytesPerUser(attributes)));
        }
    }

    private long dataPoints(String topic, boolean changeDetection) throws Exception {
        try (BrazeEmulator braze = context.emulator(b -> b)) {
            BrazeSyncJob.run(
                    context.environment(),
                    context.config(
                            topic, braze, true, "", "    change-detection: " + changeDetection),
                    "cost, change detection " + changeDetection);
            return braze.state().attributeDataPoints();
        }
    }

    /** Feeds 10,000 users with distinct values through the stage and measures its snapshot. */
    private static double stateBytesPerUser(int attributes) throws Exception {
        int users = 10_000;
        try (KeyedOneInputStreamOperatorTestHarness<String, UserRecord, BrazeRecord> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new UserChangeStage(
                                        Set.of("profiles"), Duration.ofDays(7), Duration.ZERO)),
                        record -> record.key,
                        Types.STRING)) {
            harness.setCheckpointStorage(new JobManagerCheckpointStorage(256 << 20));
            harness.open();
            Collector<UserRecord> input = new HarnessInput(harness);
            IdentityRouting routing = new IdentityRouting();
            for (int user = 0; user < users; user++) {
                StringBuilder json = new StringBuilder("{\"external_id\":\"user-" + user + "\"");
                for (int a = 0; a < attributes; a++) {
                    json.append(",\"attribute_").append(a).append("\":\"value-").append(user);
                    json.append("\"");
                }
                byte[] element = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
                routing.flatMap(
                        new BrazeRecord(
                                BrazeArray.ATTRIBUTES,
                                "external_id:user-" + user,
                                element,
                                new RecordOrigin("profiles", "t", 0, user, element)),
                        input);
            }
            return harness.snapshot(1, 1).getStateSize() / (double) users;
        }
    }

    /** Hands each routed record to the harness. */
    private static final class HarnessInput implements Collector<UserRecord> {
        private final KeyedOneInputStreamOperatorTestHarness<String, UserRecord, BrazeRecord>
                harness;

        HarnessInput(KeyedOneInputStreamOperatorTestHarness<String, UserRecord, BrazeRecord> h) {
            this.harness = h;
        }

        @Override
        public void collect(UserRecord record) {
            try {
                harness.processElement(record, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {}
    }
}
