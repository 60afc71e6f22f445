package io.brazesync.job.syncs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.emulator.BrazeState;
import io.brazesync.emulator.Fault;
import io.brazesync.emulator.FaultPlan;
import io.brazesync.emulator.Profile;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncPipeline;
import io.brazesync.job.local.EmbeddedServices;
import io.brazesync.job.local.ServicesPerClass;
import io.brazesync.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A long mixed run over all six syncs while Braze fails in every way the emulator can and task
 * managers are killed three times: afterwards Braze holds exactly what the records describe.
 */
class FaultToleranceITCase {

    private static final int USERS = 2_000;
    private static final int ROUNDS = 6;
    private static final int DELETED = 100;
    private static final int ALIASED = 200;
    private static final int IDENTIFIED = 150;
    private static final int FAILURES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One slot per task manager, so that each of the job's two subtasks has one of its own. */
    @RegisterExtension static final MiniClusterExtension FLINK = ServicesPerClass.miniCluster(2, 1);

    @RegisterExtension static final ServicesPerClass SERVICES = new ServicesPerClass();

    private static EmbeddedServices services() {
        return SERVICES.get();
    }

    @Test
    void bravesFailingBrazeAndKilledTaskManagersAndLosesNothing(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        SyncTopics topics = new SyncTopics("faults");
        topics.create(services(), 3);
        seedAnonymousUsers();
        services()
                .braze()
                .setFaults(
                        FaultPlan.seeded(21)
                                .serverErrors(0.1)
                                .dropAfterApply(0.03)
                                .latency(Duration.ofMillis(10), Duration.ofMillis(80)));

        JobClient job = startJob(topics);
        List<Window> failureWindows = new ArrayList<>();
        Thread producer = new Thread(() -> produceRounds(topics), "cdp-producer");
        producer.start();
        for (int failure = 0; failure < FAILURES; failure++) {
            Thread.sleep(3_000);
            if (failure == 1) {
                services()
                        .braze()
                        .setFaults(
                                FaultPlan.seeded(22)
                                        .serverErrors(0.1)
                                        .dropAfterApply(0.03)
                                        .latency(Duration.ofMillis(10), Duration.ofMillis(80))
                                        .rateLimitStorm(Duration.ofSeconds(2)));
            }
            failureWindows.add(killTheTaskManagers(cluster, job));
        }
        producer.join();
        Await.until(
                "every profile update, event and purchase is in Braze",
                Duration.ofMinutes(3),
                FaultToleranceITCase::phaseOneDelivered);

        services().kafka().produce(topics.topic("deletes"), keys(DELETED), deletes());
        Await.until(
                "the deleted users are gone",
                Duration.ofMinutes(2),
                () -> deletedUsersGone(services().braze().state()));
        job.cancel().get();

        BrazeState state = services().braze().state();
        for (int n = DELETED; n < USERS; n++) {
            Profile user = state.byExternalId("u" + n).orElseThrow();
            assertThat(user.attributes().get("seq").asInt())
                    .as("u%d ends with its last update", n)
                    .isEqualTo(ROUNDS - 1);
            assertThat(eventIds(user)).as("u%d's events", n).containsAll(expectedEvents(n));
            assertThat(user.purchases()).as("u%d's purchases", n).isNotEmpty();
            if (n < ALIASED) {
                assertThat(user.aliases()).containsEntry("crm", "crm-" + n);
            }
        }
        for (int i = 0; i < IDENTIFIED; i++) {
            assertThat(state.byExternalId("v" + i).orElseThrow().aliases())
                    .containsEntry("cookie", "anon-" + i);
        }
        assertThat(deletedUsersGone(state)).isTrue();
        assertThat(services().kafka().readAll(topics.deadLetterTopic()))
                .as("nothing ran out of attempts")
                .isEmpty();
        assertThat(services().braze().requests().stream().filter(r -> r.status() >= 500))
                .as("Braze did fail")
                .isNotEmpty();

        List<String> unexplained = unexplainedDuplicates(failureWindows);
        assertThat(unexplained)
                .as(
                        "events applied twice that were neither in a request whose answer was"
                                + " lost nor delivered between the restored checkpoint and a"
                                + " failure")
                .isEmpty();
    }

    private static JobClient startJob(SyncTopics topics) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.AT_LEAST_ONCE);
        BrazeSyncPipeline.build(
                env,
                topics.config(
                        services(),
                        true,
                        false,
                        String.join(
                                "\n",
                                "  max-attempts: 30",
                                "  initial-backoff: 20ms",
                                "  max-backoff: 500ms",
                                "  request-timeout: 5s")));
        return env.executeAsync("fault tolerance");
    }

    /**
     * Waits for a checkpoint after the last restore, then kills both task managers, which fails the
     * job, and starts two new ones for its restart.
     *
     * @return from the newest completed checkpoint's trigger to the kill: what may be replayed
     */
    private static Window killTheTaskManagers(MiniCluster cluster, JobClient job) throws Exception {
        long[] checkpoint = new long[1];
        Await.until(
                "a checkpoint completes",
                Duration.ofMinutes(1),
                () -> {
                    checkpoint[0] = latestCompletedCheckpointTrigger(cluster, job);
                    return checkpoint[0] > 0
                            && (lastKillMillis == 0 || checkpoint[0] > lastKillMillis);
                });
        lastKillMillis = System.currentTimeMillis();
        // The mini-cluster keeps terminated task managers in its list; the live two are last.
        cluster.terminateTaskManager(taskManagersStarted - 2).get();
        cluster.terminateTaskManager(taskManagersStarted - 1).get();
        cluster.startTaskManager();
        cluster.startTaskManager();
        taskManagersStarted += 2;
        return new Window(checkpoint[0], lastKillMillis);
    }

    private static long lastKillMillis;
    private static int taskManagersStarted = 2;

    private static long latestCompletedCheckpointTrigger(MiniCluster cluster, JobClient job) {
        try {
            URI uri =
                    cluster.getRestAddress()
                            .get()
                            .resolve("/jobs/" + job.getJobID() + "/checkpoints");
            String body =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(uri).GET().build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            return JSON.readTree(body)
                    .path("latest")
                    .path("completed")
                    .path("trigger_timestamp")
                    .asLong(0);
        } catch (Exception e) {
            return 0;
        }
    }

    /** From when the restored checkpoint was triggered to when its job was killed. */
    private record Window(long fromMillis, long toMillis) {

        /** Whether a delivery at {@code millis} lies in it, with a second of slack each side. */
        boolean covers(double millis) {
            return millis >= fromMillis - 1000 && millis <= toMillis + 1000;
        }
    }

    /**
     * Every event applied more than once must have been applied first either by a request whose
     * answer never came back (the sink could not know, so it resent), or within a failure window.
     */
    private static List<String> unexplainedDuplicates(List<Window> failures) {
        long epochMillis = System.currentTimeMillis();
        long nanos = System.nanoTime();
        Map<String, List<double[]>> deliveries = new HashMap<>();
        for (RecordedRequest request : services().braze().requests()) {
            boolean applied =
                    (request.status() >= 200 && request.status() < 300)
                            || request.fault() == Fault.DROP_AFTER_APPLY;
            if (!applied || request.body() == null) {
                continue;
            }
            double at = epochMillis - (nanos - request.receivedAtNanos()) / 1e6;
            double answerLost = request.fault() == Fault.DROP_AFTER_APPLY ? 1 : 0;
            for (JsonNode event : request.body().path("events")) {
                deliveries
                        .computeIfAbsent(
                                event.at("/properties/event_id").asText(), k -> new ArrayList<>())
                        .add(new double[] {at, answerLost});
            }
        }
        List<String> unexplained = new ArrayList<>();
        int duplicated = 0;
        for (Map.Entry<String, List<double[]>> event : deliveries.entrySet()) {
            List<double[]> times = event.getValue();
            if (times.size() < 2) {
                continue;
            }
            duplicated++;
            double[] first = times.get(0);
            boolean explained =
                    first[1] == 1 || failures.stream().anyMatch(w -> w.covers(first[0]));
            if (!explained) {
                unexplained.add(event.getKey());
            }
        }
        System.out.printf(
                "FaultToleranceITCase: %d of %d events were applied more than once%n",
                duplicated, deliveries.size());
        return unexplained;
    }

    private static void seedAnonymousUsers() throws Exception {
        for (int from = 0; from < IDENTIFIED; from += 50) {
            List<String> aliases = new ArrayList<>();
            for (int i = from; i < Math.min(IDENTIFIED, from + 50); i++) {
                aliases.add("{\"alias_name\":\"anon-" + i + "\",\"alias_label\":\"cookie\"}");
            }
            services()
                    .postToBraze(
                            "/users/alias/new",
                            "{\"user_aliases\":[" + String.join(",", aliases) + "]}");
        }
        services().braze().forgetRequests();
    }

    /**
     * Round after round of profile updates and events, a slice of users at a time so that the job
     * always has records on the way, then purchases, aliases and identifies.
     */
    private static void produceRounds(SyncTopics topics) {
        int slice = USERS / 10;
        for (int round = 0; round < ROUNDS; round++) {
            for (int from = 0; from < USERS; from += slice) {
                List<byte[]> profiles = new ArrayList<>();
                List<byte[]> events = new ArrayList<>();
                List<byte[]> keys = new ArrayList<>();
                for (int n = from; n < from + slice; n++) {
                    profiles.add(
                            bytes(
                                    String.format(
                                            "{\"external_id\":\"u%d\",\"seq\":%d,"
                                                    + "\"tier\":\"t%d\",\"score\":%d}",
                                            n, round, round, n * round)));
                    events.add(
                            bytes(
                                    String.format(
                                            "{\"external_id\":\"u%d\",\"name\":\"visited\","
                                                    + "\"time\":%d,\"event_id\":\"u%d-%d\"}",
                                            n, 1_764_547_200_000L + round, n, round)));
                    keys.add(bytes("u" + n));
                }
                services().kafka().produce(topics.topic("profiles"), keys, profiles);
                services().kafka().produce(topics.topic("events"), keys, events);
                sleep(150);
            }
        }
        List<byte[]> purchases = new ArrayList<>();
        for (int n = 0; n < USERS; n++) {
            purchases.add(
                    bytes(
                            "{\"external_id\":\"u"
                                    + n
                                    + "\",\"product_id\":\"sku\",\"currency\":\"EUR\","
                                    + "\"price\":5,\"time\":\"2026-01-01T00:00:00Z\","
                                    + "\"order_id\":\"o"
                                    + n
                                    + "\"}"));
        }
        services().kafka().produce(topics.topic("purchases"), keys(USERS), purchases);
        List<byte[]> aliases = new ArrayList<>();
        for (int n = 0; n < ALIASED; n++) {
            aliases.add(
                    bytes(
                            "{\"alias_name\":\"crm-"
                                    + n
                                    + "\",\"alias_label\":\"crm\",\"external_id\":\"u"
                                    + n
                                    + "\"}"));
        }
        services().kafka().produce(topics.topic("aliases"), keys(ALIASED), aliases);
        List<byte[]> identifies = new ArrayList<>();
        for (int i = 0; i < IDENTIFIED; i++) {
            identifies.add(
                    bytes(
                            "{\"external_id\":\"v"
                                    + i
                                    + "\",\"alias_name\":\"anon-"
                                    + i
                                    + "\",\"alias_label\":\"cookie\"}"));
        }
        services().kafka().produce(topics.topic("identifies"), null, identifies);
    }

    private static boolean phaseOneDelivered() {
        BrazeState state = services().braze().state();
        for (int n = 0; n < USERS; n++) {
            Profile user = state.byExternalId("u" + n).orElse(null);
            if (user == null
                    || user.attributes().get("seq") == null
                    || user.attributes().get("seq").asInt() != ROUNDS - 1
                    || !eventIds(user).containsAll(expectedEvents(n))
                    || user.purchases().isEmpty()
                    || (n < ALIASED && !"crm-".concat(String.valueOf(n)).equals(alias(user)))) {
                return false;
            }
        }
        for (int i = 0; i < IDENTIFIED; i++) {
            if (state.byExternalId("v" + i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String alias(Profile user) {
        return user.aliases().get("crm");
    }

    private static boolean deletedUsersGone(BrazeState state) {
        for (int n = 0; n < DELETED; n++) {
            if (state.byExternalId("u" + n).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> expectedEvents(int n) {
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            ids.add("u" + n + "-" + round);
        }
        return ids;
    }

    private static List<String> eventIds(Profile user) {
        List<String> ids = new ArrayList<>();
        user.events().forEach(e -> ids.add(e.at("/properties/event_id").asText()));
        return ids;
    }

    private static List<byte[]> deletes() {
        List<byte[]> deletes = new ArrayList<>();
        for (int n = 0; n < DELETED; n++) {
            deletes.add(bytes("{\"external_id\":\"u" + n + "\"}"));
        }
        return deletes;
    }

    private static List<byte[]> keys(int count) {
        List<byte[]> keys = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            keys.add(bytes("u" + n));
        }
        return keys;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
