package io.brazesync.job.syncs;

import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.emulator.FaultPlan;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncPipeline;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.local.EmbeddedServices;
import io.brazesync.job.local.ServicesPerClass;
import io.brazesync.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint taken while Braze refuses everything, restored at another parallelism: the records
 * waiting for a retry are delivered, and what change detection knew is still known.
 */
class RescaleITCase {

    private static final int USERS = 300;

    @RegisterExtension static final MiniClusterExtension FLINK = ServicesPerClass.miniCluster(1, 3);

    @RegisterExtension static final ServicesPerClass SERVICES = new ServicesPerClass();

    private static EmbeddedServices services() {
        return SERVICES.get();
    }

    @Test
    void aSavepointRestoredAtAnotherParallelismKeepsRetriesAndChangeDetection(
            @TempDir Path savepoints) throws Exception {
        SyncTopics topics = new SyncTopics("rescale");
        topics.create(services(), 4);
        services().braze().setFaults(FaultPlan.seeded(4).serverErrors(1.0));
        produce(topics, "Oslo");

        JobClient before = start(topics, 2, null);
        Await.until(
                "every user's record has been refused at least once",
                () -> usersAttempted().size() == USERS);
        String savepoint =
                before.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
        assertThat(services().braze().state().profiles()).as("Braze refused everything").isEmpty();

        services().braze().reset();
        services().braze().setFaults(FaultPlan.none());
        JobClient after = start(topics, 3, savepoint);
        Await.until(
                "the records waiting for a retry reach Braze after the restore",
                () -> services().braze().state().profiles().size() == USERS);
        produce(topics, "Oslo");
        services()
                .kafka()
                .produce(
                        topics.topic("profiles"),
                        List.of(bytes("s7")),
                        List.of(bytes("{\"external_id\":\"s7\",\"city\":\"Rome\"}")));
        Await.until(
                "the one changed value reaches Braze",
                () ->
                        services()
                                .braze()
                                .state()
                                .byExternalId("s7")
                                .map(p -> p.attributes().get("city").asText().equals("Rome"))
                                .orElse(false));
        after.cancel().get();

        assertThat(services().braze().state().attributeDataPoints())
                .as("each user's city once from the restored retries, then only s7's new city")
                .isEqualTo(USERS + 1);
        assertThat(services().kafka().readAll(topics.deadLetterTopic())).isEmpty();
    }

    private static JobClient start(SyncTopics topics, int parallelism, String savepoint)
            throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(300, CheckpointingMode.AT_LEAST_ONCE);
        JobConfig config =
                topics.config(
                        services(),
                        true,
                        false,
                        String.join(
                                "\n",
                                "  max-attempts: 1000",
                                "  initial-backoff: 50ms",
                                "  max-backoff: 200ms"));
        BrazeSyncPipeline.build(env, config);
        return env.executeAsync("rescale, parallelism " + parallelism);
    }

    private static void produce(SyncTopics topics, String city) {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int n = 0; n < USERS; n++) {
            keys.add(bytes("s" + n));
            values.add(bytes("{\"external_id\":\"s" + n + "\",\"city\":\"" + city + "\"}"));
        }
        services().kafka().produce(topics.topic("profiles"), keys, values);
    }

    private static Set<String> usersAttempted() {
        Set<String> users = new HashSet<>();
        for (RecordedRequest request : services().braze().requests()) {
            users.addAll(request.users());
        }
        return users;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
