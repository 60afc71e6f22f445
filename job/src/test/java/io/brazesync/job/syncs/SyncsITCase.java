package io.brazesync.job.syncs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.brazesync.connector.deadletter.DeadLetterHeaders;
import io.brazesync.emulator.BrazeState;
import io.brazesync.emulator.Profile;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncJob;
import io.brazesync.job.BrazeSyncPipeline;
import io.brazesync.job.local.EmbeddedServices;
import io.brazesync.job.local.ServicesPerClass;
import io.brazesync.job.mapping.InvalidRecordStopException;
import io.brazesync.job.syncs.BadRecordCorpus.BadRecord;
import io.brazesync.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job with one sync of each mode and track record type, over real Kafka topics, into the Braze
 * emulator: what reaches Braze is what the records describe, and every invalid record is accounted
 * for as its sync says.
 */
class SyncsITCase {

    private static final long FIRST_EVENT_MILLIS = 1_764_547_200_000L;

    /** Room for a record over Braze's 4 MB limit, on its way to the dead-letter topic. */
    private static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    /** About 1.5 MB of ordinary attributes: valid, and one request can still carry it. */
    private static final int HUGE_PROFILE_ATTRIBUTES = 7_000;

    @RegisterExtension static final MiniClusterExtension FLINK = ServicesPerClass.miniCluster(1, 2);

    @RegisterExtension
    static final ServicesPerClass SERVICES = new ServicesPerClass(MAX_MESSAGE_BYTES);

    private static EmbeddedServices services() {
        return SERVICES.get();
    }

    @BeforeEach
    void resetBraze() {
        services().braze().reset();
    }

    @Test
    void everyModeAndRecordTypeLeavesBrazeAsTheRecordsDescribe() throws Exception {
        SyncTopics topics = new SyncTopics("all-modes");
        topics.create(services(), 3);
        seedUsersThatExistBeforeTheJob();
        produceTypicalCdpRecords(topics);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        BrazeSyncJob.run(env, topics.config(services(), true, true), "all modes");

        BrazeState state = services().braze().state();
        for (int n = 1; n <= 30; n++) {
            Map<String, JsonNode> attributes = profile(state, "u" + n).attributes();
            assertThat(attributes.get("first_name").asText()).isEqualTo("Name " + n);
            assertThat(attributes.get("points").asInt()).isEqualTo(n * 10);
            assertThat(attributes.get("tier").asText()).isEqualTo(n <= 10 ? "platinum" : "gold");
            assertThat(attributes.get("preferences").get("lang").asText())
                    .as("a pre-formatted field arrives as JSON, not as a string")
                    .isEqualTo("en");
            assertThat(attributes.get("preferences").get("channels").get(0).asText())
                    .isEqualTo("email");
        }
        assertThat(state.byEmail("m1@example.com").orElseThrow().attributes().get("first_name"))
                .hasToString("\"Mail\"");

        for (int n = 1; n <= 15; n++) {
            Map<String, JsonNode> events = eventsByName(profile(state, "u" + n));
            assertThat(events).containsOnlyKeys("viewed", "clicked");
            assertThat(events.get("viewed").get("time").asText())
                    .as("epoch milliseconds are sent as ISO-8601")
                    .isEqualTo(Instant.ofEpochMilli(FIRST_EVENT_MILLIS + n * 1000L).toString());
            assertThat(events.get("viewed").at("/properties/page").asText()).isEqualTo("/p/" + n);
            assertThat(events.get("clicked").at("/properties/button").asText()).isEqualTo("buy");
        }
        assertThat(profile(state, "u16").events()).isEmpty();

        for (int n = 1; n <= 5; n++) {
            List<JsonNode> purchases = profile(state, "u" + n).purchases();
            assertThat(purchases).hasSize(1);
            JsonNode purchase = purchases.get(0);
            assertThat(purchase.get("product_id").asText()).isEqualTo("sku-" + n);
            assertThat(purchase.get("currency").asText()).isEqualTo("EUR");
            assertThat(purchase.get("price").asDouble()).isEqualTo(n + 0.5);
            assertThat(purchase.get("quantity").asInt()).isEqualTo(2);
            assertThat(purchase.at("/properties/coupon").asText()).isEqualTo("WINTER");
            assertThat(profile(state, "u" + n).aliases()).containsEntry("crm", "crm-" + n);
        }
        for (int n = 1; n <= 4; n++) {
            assertThat(state.byAlias("lead-" + n, "lead").orElseThrow().externalId())
                    .as("an alias without external_id is an alias-only user")
                    .isNull();
        }
        for (int n = 1; n <= 8; n++) {
            Profile identified = profile(state, "v" + n);
            assertThat(identified.aliases()).containsEntry("cookie", "anon-" + n);
            assertThat(identified.attributes().get("seen").asText())
                    .as("the alias-only user's attributes moved to the identified user")
                    .isEqualTo("web");
            assertThat(state.byExternalId("d" + n)).isEmpty();
            assertThat(state.deletedExternalIds()).contains("d" + n);
        }
        assertThat(state.byAlias("gone-1", "crm")).isEmpty();
        assertThat(state.profiles()).hasSize(30 + 1 + 4 + 8);

        List<RecordedRequest> requests = services().braze().requests();
        assertThat(requests).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(requests).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        assertThat(services().kafka().readAll(topics.deadLetterTopic())).isEmpty();
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithTheirReasonAndNothingElseIsLost()
            throws Exception {
        SyncTopics topics = new SyncTopics("bad-skipped");
        topics.create(services(), 1);
        Map<String, BadRecord> badByPosition = produceCorpusBetweenGoodRecords(topics);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        BrazeSyncJob.run(env, topics.config(services(), true, true), "bad records skipped");

        List<ConsumerRecord<byte[], byte[]>> letters =
                services().kafka().readAll(topics.deadLetterTopic());
        Map<String, ConsumerRecord<byte[], byte[]>> lettersByPosition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            lettersByPosition.put(
                    header(letter, DeadLetterHeaders.SOURCE_TOPIC)
                            + "@"
                            + header(letter, DeadLetterHeaders.SOURCE_OFFSET),
                    letter);
        }
        assertThat(letters).hasSize(badByPosition.size());
        assertThat(lettersByPosition).containsOnlyKeys(badByPosition.keySet());
        for (Map.Entry<String, BadRecord> expected : badByPosition.entrySet()) {
            ConsumerRecord<byte[], byte[]> letter = lettersByPosition.get(expected.getKey());
            BadRecord bad = expected.getValue();
            assertThat(header(letter, DeadLetterHeaders.REASON))
                    .as("reason for %s", bad)
                    .contains(bad.reason());
            assertThat(header(letter, DeadLetterHeaders.SYNC)).isEqualTo(bad.sync());
            assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
            assertThat(letter.value()).as("original bytes of %s", bad).isEqualTo(bad.value());
        }

        int goodRecords = SyncTopics.SYNCS.size() * (BadRecordCorpus.all().size() + 1) + 1;
        assertThat(acceptedObjects())
                .as("every valid record reached Braze, and no invalid one cost a request")
                .isEqualTo(goodRecords);
        assertThat(services().braze().requests())
                .as("the sink fit the huge record in a request Braze takes (4 MB at most)")
                .allSatisfy(request -> assertThat(request.status()).isEqualTo(201));
        Map<String, JsonNode> huge = profile(services().braze().state(), "huge").attributes();
        assertThat(huge).hasSize(HUGE_PROFILE_ATTRIBUTES);
        assertThat(huge.get("attribute_6999").asText()).hasSize(200);
    }

    @Test
    void withoutSkippingARecordNestedBeyondTheParserLimitStopsTheJobWithItsReason()
            throws Exception {
        SyncTopics topics = new SyncTopics("deep-stops");
        topics.create(services(), 1);
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        produce(
                topics.topic("events"),
                List.of(
                        goodRecord("events", 1),
                        bytes(
                                "{\"external_id\":\"deep-user\",\"name\":\"e\",\"time\":1,"
                                        + "\"properties\":{\"p\":"
                                        + deep
                                        + "}}"),
                        goodRecord("events", 2)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);

        assertThatThrownBy(
                        () -> BrazeSyncJob.run(env, topics.config(services(), false, true), "deep"))
                .satisfies(
                        failure -> {
                            Throwable stop =
                                    ExceptionUtils.findThrowable(
                                                    failure, InvalidRecordStopException.class)
                                            .orElseThrow(() -> new AssertionError(failure));
                            assertThat(stop.getMessage())
                                    .contains("sync 'events'")
                                    .contains("offset 1")
                                    .contains("nested deeper than 500 levels")
                                    .doesNotContain("deep-user");
                        });
        assertThat(services().kafka().readAll(topics.deadLetterTopic())).isEmpty();
    }

    @Test
    void withoutSkippingAnInvalidRecordStopsTheJobBeforeItsOffsetIsCommitted() throws Exception {
        SyncTopics topics = new SyncTopics("bad-stops");
        topics.create(services(), 1);
        String profiles = topics.topic("profiles");
        produce(profiles, range(0, 30, n -> profileJson("s" + n, n)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        BrazeSyncPipeline.build(env, topics.config(services(), false, false));
        JobClient job = env.executeAsync("bad record stops");
        TopicPartition partition = new TopicPartition(profiles, 0);
        Await.until(
                "the first 30 records are delivered and their offsets committed",
                () -> committedOffset(topics.groupId(), partition) == 30);

        byte[] bad = "{\"first_name\":\"no identifier\"}".getBytes(StandardCharsets.UTF_8);
        List<byte[]> after = new ArrayList<>();
        after.add(bad);
        after.addAll(range(31, 41, n -> profileJson("s" + n, n)));
        produce(profiles, after);

        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .satisfies(
                        failure -> {
                            Throwable stop =
                                    ExceptionUtils.findThrowable(
                                                    failure, InvalidRecordStopException.class)
                                            .orElseThrow(() -> new AssertionError(failure));
                            assertThat(stop.getMessage())
                                    .contains("sync 'profiles'")
                                    .contains("topic '" + profiles + "'")
                                    .contains("partition 0")
                                    .contains("offset 30")
                                    .contains("no identifier")
                                    .doesNotContain("no identifier\"}");
                        });
        assertThat(committedOffset(topics.groupId(), partition))
                .as("no offset past the invalid record is committed")
                .isEqualTo(30);
        assertThat(services().braze().state().byExternalId("s31")).isEmpty();

        StreamExecutionEnvironment again = StreamExecutionEnvironment.getExecutionEnvironment();
        again.setParallelism(1);
        BrazeSyncJob.run(again, topics.config(services(), true, true), "restart skipping");

        assertThat(services().kafka().readAll(topics.deadLetterTopic()))
                .singleElement()
                .satisfies(
                        letter ->
                                assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET))
                                        .isEqualTo("30"));
        for (int n = 0; n < 41; n++) {
            if (n != 30) {
                assertThat(services().braze().state().byExternalId("s" + n))
                        .as("s%d after the restart resumed at the invalid record", n)
                        .isPresent();
            }
        }
    }

    private static void seedUsersThatExistBeforeTheJob() throws Exception {
        List<String> toDelete = new ArrayList<>();
        List<String> anonymous = new ArrayList<>();
        List<String> anonymousSeen = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            toDelete.add("{\"external_id\":\"d" + n + "\",\"plan\":\"old\"}");
            String alias = "{\"alias_name\":\"anon-" + n + "\",\"alias_label\":\"cookie\"}";
            anonymous.add(alias);
            anonymousSeen.add(
                    "{\"user_alias\":"
                            + alias
                            + ",\"_update_existing_only\":true,\"seen\":\"web\"}");
        }
        anonymous.add("{\"alias_name\":\"gone-1\",\"alias_label\":\"crm\"}");
        services()
                .postToBraze(
                        "/users/track", "{\"attributes\":[" + String.join(",", toDelete) + "]}");
        services()
                .postToBraze(
                        "/users/alias/new",
                        "{\"user_aliases\":[" + String.join(",", anonymous) + "]}");
        services()
                .postToBraze(
                        "/users/track",
                        "{\"attributes\":[" + String.join(",", anonymousSeen) + "]}");
        services().braze().forgetRequests();
    }

    private static void produceTypicalCdpRecords(SyncTopics topics) {
        List<byte[]> profiles = new ArrayList<>(range(1, 31, n -> profileJson("u" + n, n)));
        profiles.addAll(
                range(1, 11, n -> "{\"external_id\":\"u" + n + "\",\"tier\":\"platinum\"}"));
        profiles.add(bytes("{\"email\":\"m1@example.com\",\"first_name\":\"Mail\"}"));
        produce(topics.topic("profiles"), profiles);

        List<byte[]> events = new ArrayList<>();
        for (int n = 1; n <= 15; n++) {
            events.add(
                    bytes(
                            String.format(
                                    "{\"external_id\":\"u%d\",\"name\":\"viewed\",\"time\":%d,"
                                            + "\"page\":\"/p/%d\"}",
                                    n, FIRST_EVENT_MILLIS + n * 1000L, n)));
            events.add(
                    bytes(
                            "{\"external_id\":\"u"
                                    + n
                                    + "\",\"name\":\"clicked\",\"time\":\"2026-01-02T03:04:05Z\","
                                    + "\"properties\":{\"button\":\"buy\"}}"));
        }
        produce(topics.topic("events"), events);

        produce(
                topics.topic("purchases"),
                range(
                        1,
                        6,
                        n ->
                                String.format(
                                        "{\"external_id\":\"u%d\",\"product_id\":\"sku-%d\","
                                                + "\"currency\":\"eur\",\"price\":%d.5,"
                                                + "\"quantity\":2,"
                                                + "\"time\":\"2026-01-02T03:04:05Z\","
                                                + "\"coupon\":\"WINTER\"}",
                                        n, n, n)));

        List<byte[]> aliases =
                new ArrayList<>(
                        range(
                                1,
                                6,
                                n ->
                                        "{\"alias_name\":\"crm-"
                                                + n
                                                + "\",\"alias_label\":\"crm\",\"external_id\":\"u"
                                                + n
                                                + "\"}"));
        aliases.addAll(
                range(1, 5, n -> "{\"alias_name\":\"lead-" + n + "\",\"alias_label\":\"lead\"}"));
        produce(topics.topic("aliases"), aliases);

        produce(
                topics.topic("identifies"),
                range(
                        1,
                        9,
                        n ->
                                "{\"external_id\":\"v"
                                        + n
                                        + "\",\"alias_name\":\"anon-"
                                        + n
                                        + "\",\"alias_label\":\"cookie\"}"));

        List<byte[]> deletes =
                new ArrayList<>(range(1, 9, n -> "{\"external_id\":\"d" + n + "\"}"));
        deletes.add(bytes("{\"user_alias\":{\"alias_name\":\"gone-1\",\"alias_label\":\"crm\"}}"));
        produce(topics.topic("deletes"), deletes);
    }

    /**
     * Writes the corpus to the topics of its syncs, each bad record between two good ones.
     *
     * @return the bad records by {@code topic@offset}
     */
    private static Map<String, BadRecord> produceCorpusBetweenGoodRecords(SyncTopics topics) {
        Map<String, List<byte[]>> values = new LinkedHashMap<>();
        Map<String, BadRecord> badByPosition = new HashMap<>();
        SyncTopics.SYNCS.forEach(sync -> values.put(sync, new ArrayList<>()));
        int good = 0;
        for (BadRecord bad : BadRecordCorpus.all()) {
            for (String sync : SyncTopics.SYNCS) {
                values.get(sync).add(goodRecord(sync, good));
            }
            good++;
            List<byte[]> topic = values.get(bad.sync());
            badByPosition.put(topics.topic(bad.sync()) + "@" + topic.size(), bad);
            topic.add(bad.value());
        }
        values.get("profiles").add(BadRecordCorpus.manyAttributes("huge", HUGE_PROFILE_ATTRIBUTES));
        for (String sync : SyncTopics.SYNCS) {
            values.get(sync).add(goodRecord(sync, good));
            services().kafka().produce(topics.topic(sync), null, values.get(sync));
        }
        return badByPosition;
    }

    private static byte[] goodRecord(String sync, int n) {
        String user = "\"external_id\":\"g" + n + "\"";
        switch (sync) {
            case "profiles":
                return bytes("{" + user + ",\"preferences\":\"[1,2]\",\"n\":" + n + "}");
            case "events":
                return bytes("{" + user + ",\"name\":\"ok\",\"time\":" + FIRST_EVENT_MILLIS + "}");
            case "purchases":
                return bytes(
                        "{"
                                + user
                                + ",\"product_id\":\"sku\",\"currency\":\"USD\",\"price\":1,"
                                + "\"time\":\"2026-01-01T00:00:00Z\"}");
            case "aliases":
                return bytes("{\"alias_name\":\"ga-" + n + "\",\"alias_label\":\"good\"}");
            case "identifies":
                return bytes(
                        "{" + user + ",\"alias_name\":\"gi-" + n + "\",\"alias_label\":\"good\"}");
            case "deletes":
                return bytes("{\"external_id\":\"nobody-" + n + "\"}");
            default:
                throw new IllegalArgumentException(sync);
        }
    }

    private static int acceptedObjects() {
        return services().braze().requests().stream()
                .filter(request -> request.status() == 201)
                .mapToInt(request -> request.objectCount() - request.errors().size())
                .sum();
    }

    private static Profile profile(BrazeState state, String externalId) {
        return state.byExternalId(externalId)
                .orElseThrow(() -> new AssertionError("no Braze user " + externalId));
    }

    private static Map<String, JsonNode> eventsByName(Profile profile) {
        return profile.events().stream()
                .collect(Collectors.toMap(event -> event.get("name").asText(), event -> event));
    }

    private static String profileJson(String externalId, int n) {
        return String.format(
                "{\"external_id\":\"%s\",\"first_name\":\"Name %d\",\"tier\":\"gold\","
                        + "\"points\":%d,"
                        + "\"preferences\":\"{\\\"lang\\\":\\\"en\\\","
                        + "\\\"channels\\\":[\\\"email\\\"]}\"}",
                externalId, n, n * 10);
    }

    /**
     * Produces records keyed by their first field, so that one user's records share a partition.
     */
    private static void produce(String topic, List<byte[]> records) {
        List<byte[]> keys = new ArrayList<>();
        for (byte[] record : records) {
            String text = new String(record, StandardCharsets.UTF_8);
            int comma = text.indexOf(',');
            keys.add(bytes(comma > 0 ? text.substring(0, comma) : text));
        }
        services().kafka().produce(topic, keys, records);
    }

    private static long committedOffset(String groupId, TopicPartition partition) {
        try {
            OffsetAndMetadata committed =
                    services().kafka().committedOffsets(groupId).get(partition);
            return committed == null ? -1 : committed.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        return DeadLetterHeaders.read(letter.headers(), name);
    }

    private static List<byte[]> range(
            int fromInclusive, int toExclusive, IntFunction<String> record) {
        List<byte[]> records = new ArrayList<>();
        for (int n = fromInclusive; n < toExclusive; n++) {
            records.add(bytes(record.apply(n)));
        }
        return records;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
