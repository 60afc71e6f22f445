package io.brazesync.job.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.connector.deadletter.DeadLetterHeaders;
import io.brazesync.emulator.BrazeState;
import io.brazesync.emulator.Profile;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.BrazeSyncJob;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.job.local.EmbeddedServices;
import io.brazesync.job.local.ServicesPerClass;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL statements run as the job on a mini-cluster, from real Kafka topics through {@code braze}
 * tables into the Braze emulator, for every mode and track record type; the emulator's users end as
 * each query describes.
 */
class SqlSyncITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension static final MiniClusterExtension FLINK = ServicesPerClass.miniCluster(1, 2);

    private static final AtomicInteger TOPICS = new AtomicInteger();
    @RegisterExtension static final ServicesPerClass SERVICES = new ServicesPerClass();

    private static EmbeddedServices services() {
        return SERVICES.get();
    }

    @BeforeEach
    void resetBraze() {
        services().braze().reset();
    }

    @Test
    void aQueryOverCdpProfilesBecomesTheirBrazeAttributes() throws Exception {
        String topic = newTopic("profiles", 2);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(
                    String.format(
                            "{\"id\":\"p%d\",\"first\":\"ana%d\",\"city\":\"Oslo\","
                                    + "\"zip\":\"%04d\",\"points\":%d,\"tags\":[\"a\",\"b\"],"
                                    + "\"prefs\":\"{\\\"news\\\":%s}\","
                                    + "\"birthday\":\"1990-04-02\",\"vip\":null}",
                            i, i, i, i, i % 2 == 0));
        }
        produce(topic, records);
        String deadLetters = newTopic("dead-letters", 1);

        runSql(
                2,
                kafkaTable(
                        "cdp_profiles",
                        topic,
                        "id STRING, `first` STRING, city STRING, zip STRING, points INT,"
                                + " tags ARRAY<STRING>, prefs STRING, birthday STRING,"
                                + " vip BOOLEAN"),
                brazeTable(
                        "braze_profiles",
                        "external_id STRING, first_name STRING,"
                                + " address ROW<city STRING, zip STRING>, loyalty_points INT,"
                                + " tags ARRAY<STRING>, preferences STRING, dob DATE,"
                                + " vip BOOLEAN",
                        deadLetters,
                        "mode",
                        "user_track",
                        "track-record-type",
                        "user_profile_attributes",
                        "pre-formatted-fields",
                        "preferences"),
                "INSERT INTO braze_profiles SELECT id, INITCAP(`first`), ROW(city, zip),"
                        + " points * 10, tags, prefs, CAST(birthday AS DATE), vip"
                        + " FROM cdp_profiles WHERE MOD(points, 3) <> 0");

        BrazeState state = services().braze().state();
        assertThat(state.profiles()).hasSize(200);
        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) {
                assertThat(state.byExternalId("p" + i)).as("filtered out by WHERE").isEmpty();
                continue;
            }
            Map<String, JsonNode> attributes =
                    state.byExternalId("p" + i).orElseThrow().attributes();
            assertThat(attributes.keySet())
                    .as("a NULL column is left out")
                    .containsExactlyInAnyOrder(
                            "first_name",
                            "address",
                            "loyalty_points",
                            "tags",
                            "preferences",
                            "dob");
            assertThat(attributes.get("first_name").asText()).isEqualTo("Ana" + i);
            assertThat(attributes.get("address"))
                    .isEqualTo(json("{\"city\":\"Oslo\",\"zip\":\"%04d\"}", i));
            assertThat(attributes.get("loyalty_points").asInt()).isEqualTo(i * 10);
            assertThat(attributes.get("tags")).isEqualTo(json("[\"a\",\"b\"]"));
            assertThat(attributes.get("preferences"))
                    .as("a pre-formatted field is sent as JSON")
                    .isEqualTo(json("{\"news\":%s}", i % 2 == 0));
            assertThat(attributes.get("dob").asText()).isEqualTo("1990-04-02");
        }
        assertThat(services().kafka().readAll(deadLetters)).isEmpty();
    }

    @Test
    void aQueryOverCdpEventsBecomesCustomEventsWithTheirProperties() throws Exception {
        String topic = newTopic("events", 2);
        long firstMillis = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(
                    String.format(
                            "{\"uid\":\"u%d\",\"event\":\"LOGIN\",\"ts\":%d,"
                                    + "\"device\":\"ios\",\"plan\":\"pro\"}",
                            i % 50, firstMillis + i * 1000L));
        }
        produce(topic, records);

        runSql(
                2,
                kafkaTable(
                        "cdp_events",
                        topic,
                        "uid STRING, event STRING, ts BIGINT, device STRING, plan STRING"),
                brazeTable(
                        "braze_events",
                        "external_id STRING, name STRING, `time` TIMESTAMP_LTZ(3),"
                                + " properties ROW<device STRING, plan STRING>,"
                                + " app_version STRING",
                        newTopic("dead-letters", 1),
                        "mode",
                        "user_track",
                        "track-record-type",
                        "custom_events"),
                "INSERT INTO braze_events SELECT uid, LOWER(event), TO_TIMESTAMP_LTZ(ts, 3),"
                        + " ROW(device, plan), '1.2' FROM cdp_events");

        BrazeState state = services().braze().state();
        assertThat(state.profiles()).hasSize(50);
        for (int user = 0; user < 50; user++) {
            List<JsonNode> events = state.byExternalId("u" + user).orElseThrow().events();
            List<String> expectedTimes = new ArrayList<>();
            for (int i = user; i < 200; i += 50) {
                expectedTimes.add(Instant.ofEpochMilli(firstMillis + i * 1000L).toString());
            }
            assertThat(events)
                    .extracting(event -> event.get("time").asText())
                    .as("one user's events keep their order")
                    .containsExactlyElementsOf(expectedTimes);
            assertThat(events)
                    .allSatisfy(
                            event -> {
                                assertThat(event.get("name").asText()).isEqualTo("login");
                                assertThat(event.get("properties"))
                                        .as("other columns join the properties")
                                        .isEqualTo(
                                                json(
                                                        "{\"device\":\"ios\",\"plan\":\"pro\","
                                                                + "\"app_version\":\"1.2\"}"));
                            });
        }
    }

    @Test
    void aQueryOverCdpOrdersBecomesPurchases() throws Exception {
        String topic = newTopic("purchases", 2);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(
                    String.format(
                            "{\"uid\":\"u%d\",\"sku\":\"sku-%d\",\"cur\":\"eur\","
                                    + "\"amount\":\"19.99\",\"qty\":%d,"
                                    + "\"happened_at\":\"2024-05-01T10:00:00Z\","
                                    + "\"coupon\":\"WINTER\"}",
                            i % 20, i % 3, 1 + i % 3));
        }
        produce(topic, records);

        runSql(
                2,
                kafkaTable(
                        "cdp_orders",
                        topic,
                        "uid STRING, sku STRING, cur STRING, amount STRING, qty INT,"
                                + " happened_at STRING, coupon STRING"),
                brazeTable(
                        "braze_purchases",
                        "external_id STRING, product_id STRING, currency STRING,"
                                + " price DECIMAL(10, 2), quantity INT, `time` STRING,"
                                + " coupon STRING",
                        newTopic("dead-letters", 1),
                        "mode",
                        "user_track",
                        "track-record-type",
                        "purchases"),
                "INSERT INTO braze_purchases SELECT uid, sku, UPPER(cur),"
                        + " CAST(amount AS DECIMAL(10, 2)), qty, happened_at, coupon"
                        + " FROM cdp_orders");

        BrazeState state = services().braze().state();
        assertThat(state.profiles()).hasSize(20);
        int purchases = 0;
        for (int user = 0; user < 20; user++) {
            Profile profile = state.byExternalId("u" + user).orElseThrow();
            assertThat(profile.purchases()).hasSize(5);
            assertThat(profile.purchases())
                    .allSatisfy(
                            purchase -> {
                                assertThat(purchase.get("currency").asText()).isEqualTo("EUR");
                                assertThat(purchase.get("price").decimalValue())
                                        .isEqualByComparingTo(new BigDecimal("19.99"));
                                assertThat(purchase.get("time").asText())
                                        .isEqualTo("2024-05-01T10:00:00Z");
                                assertThat(purchase.get("properties"))
                                        .isEqualTo(json("{\"coupon\":\"WINTER\"}"));
                            });
            purchases += profile.purchaseCount();
        }
        int expected = 0;
        for (int i = 0; i < 100; i++) {
            expected += 1 + i % 3;
        }
        assertThat(purchases).as("Braze counts quantity N as N purchases").isEqualTo(expected);
    }

    @Test
    void aQueryOverAnonymousVisitorsCreatesTheirAliases() throws Exception {
        String topic = newTopic("aliases", 2);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String known = i % 3 == 0 ? "\"u" + i + "\"" : "null";
            records.add(
                    String.format(
                            "{\"anon\":\"a%d\",\"src\":\"web_cookie\",\"uid\":%s}", i, known));
        }
        produce(topic, records);

        runSql(
                2,
                kafkaTable("cdp_visitors", topic, "anon STRING, src STRING, uid STRING"),
                brazeTable(
                        "braze_aliases",
                        "alias_name STRING, alias_label STRING, external_id STRING",
                        newTopic("dead-letters", 1),
                        "mode",
                        "user_new_alias"),
                "INSERT INTO braze_aliases SELECT anon, src, uid FROM cdp_visitors");

        BrazeState state = services().braze().state();
        assertThat(state.profiles()).hasSize(60);
        for (int i = 0; i < 60; i++) {
            Profile profile = state.byAlias("a" + i, "web_cookie").orElseThrow();
            assertThat(profile.externalId()).isEqualTo(i % 3 == 0 ? "u" + i : null);
        }
    }

    @Test
    void identifyingAliasedVisitorsMergesThemIntoTheirUsers() throws Exception {
        String visits = newTopic("visits", 2);
        String logins = newTopic("logins", 2);
        List<String> visitRecords = new ArrayList<>();
        List<String> loginRecords = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            visitRecords.add(String.format("{\"anon\":\"a%d\",\"color\":\"blue\"}", i));
            loginRecords.add(String.format("{\"anon\":\"a%d\",\"uid\":\"u%d\"}", i, i));
        }
        produce(visits, visitRecords);
        produce(logins, loginRecords);

        runSql(
                2,
                kafkaTable("cdp_visits", visits, "anon STRING, color STRING"),
                brazeTable(
                        "braze_visitors",
                        "user_alias ROW<alias_name STRING, alias_label STRING>,"
                                + " _update_existing_only BOOLEAN, favourite_color STRING",
                        newTopic("dead-letters", 1),
                        "mode",
                        "user_track",
                        "track-record-type",
                        "user_profile_attributes"),
                "INSERT INTO braze_visitors SELECT ROW(anon, 'web_cookie'), FALSE, color"
                        + " FROM cdp_visits");
        assertThat(
                        services()
                                .braze()
                                .state()
                                .byAlias("a7", "web_cookie")
                                .orElseThrow()
                                .externalId())
                .as("alias-only before the identify")
                .isNull();
        runSql(
                2,
                kafkaTable("cdp_logins", logins, "anon STRING, uid STRING"),
                brazeTable(
                        "braze_identifies",
                        "external_id STRING, alias_name STRING, alias_label STRING",
                        newTopic("dead-letters", 1),
                        "mode",
                        "user_identify"),
                "INSERT INTO braze_identifies SELECT uid, anon, 'web_cookie' FROM cdp_logins");

        BrazeState state = services().braze().state();
        assertThat(state.profiles()).hasSize(40);
        for (int i = 0; i < 40; i++) {
            Profile profile = state.byExternalId("u" + i).orElseThrow();
            assertThat(profile.aliases()).containsEntry("web_cookie", "a" + i);
            assertThat(profile.attributes().get("favourite_color").asText()).isEqualTo("blue");
        }
    }

    @Test
    void aQueryOverErasureRequestsDeletesExactlyThoseUsers() throws Exception {
        String profiles = newTopic("profiles", 2);
        String erasures = newTopic("erasures", 2);
        List<String> profileRecords = new ArrayList<>();
        List<String> erasureRecords = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            profileRecords.add(String.format("{\"uid\":\"d%d\",\"city\":\"Rome\"}", i));
            erasureRecords.add(String.format("{\"uid\":\"d%d\",\"approved\":%s}", i, i % 2 == 0));
        }
        produce(profiles, profileRecords);
        produce(erasures, erasureRecords);

        runSql(
                2,
                kafkaTable("cdp_profiles", profiles, "uid STRING, city STRING"),
                brazeTable(
                        "braze_profiles",
                        "external_id STRING, city STRING",
                        newTopic("dead-letters", 1),
                        "mode",
                        "user_track",
                        "track-record-type",
                        "user_profile_attributes"),
                "INSERT INTO braze_profiles SELECT uid, city FROM cdp_profiles");
        runSql(
                2,
                kafkaTable("cdp_erasures", erasures, "uid STRING, approved BOOLEAN"),
                brazeTable(
                        "braze_deletes",
                        "external_id STRING",
                        newTopic("dead-letters", 1),
                        "mode",
                        "user_delete"),
                "INSERT INTO braze_deletes SELECT uid FROM cdp_erasures WHERE approved");

        BrazeState state = services().braze().state();
        for (int i = 0; i < 20; i++) {
            boolean erased = i % 2 == 0;
            assertThat(state.byExternalId("d" + i).isPresent()).isEqualTo(!erased);
            assertThat(state.deletedExternalIds().contains("d" + i)).isEqualTo(erased);
        }
    }

    @Test
    void invalidRowsGoToTheDeadLetterTopicWithTheirReasonAndTheRestReachesBraze() throws Exception {
        String topic = newTopic("events", 1);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String event = i % 10 == 0 ? "null" : "\"login\"";
            records.add(
                    String.format(
                            "{\"uid\":\"u%d\",\"event\":%s,\"happened\":\"2024-05-01T10:00:00Z\"}",
                            i, event));
        }
        produce(topic, records);
        String deadLetters = newTopic("dead-letters", 1);

        runSql(
                2,
                kafkaTable("cdp_events", topic, "uid STRING, event STRING, happened STRING"),
                brazeTable(
                        "braze_events",
                        "external_id STRING, name STRING, `time` STRING",
                        deadLetters,
                        "mode",
                        "user_track",
                        "track-record-type",
                        "custom_events",
                        "sync-name",
                        "login-events"),
                "INSERT INTO braze_events SELECT uid, event, happened FROM cdp_events");

        List<ConsumerRecord<byte[], byte[]>> letters = services().kafka().readAll(deadLetters);
        assertThat(letters).hasSize(3);
        List<String> deadUsers = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertThat(header(letter, DeadLetterHeaders.SYNC)).isEqualTo("login-events");
            assertThat(header(letter, DeadLetterHeaders.REASON))
                    .isEqualTo("event needs a non-empty string name");
            assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEmpty();
            assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("-1");
            assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("-1");
            assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
            JsonNode row = JSON.readTree(letter.value());
            assertThat(row.get("name").isNull()).as("the dead letter holds the row").isTrue();
            deadUsers.add(row.get("external_id").asText());
        }
        assertThat(deadUsers).containsExactlyInAnyOrder("u0", "u10", "u20");
        assertThat(services().braze().state().profiles()).hasSize(27);
    }

    @Test
    void anInvalidRowStopsTheJobWhenTheTableDoesNotSkipThem() throws Exception {
        String topic = newTopic("events", 1);
        produce(
                topic,
                List.of(
                        "{\"uid\":\"u1\",\"event\":\"login\","
                                + "\"happened\":\"2024-05-01T10:00:00Z\"}",
                        "{\"uid\":\"u2\",\"event\":\"login\",\"happened\":\"yesterday\"}"));

        assertThatThrownBy(
                        () ->
                                runSql(
                                        1,
                                        kafkaTable(
                                                "cdp_events",
                                                topic,
                                                "uid STRING, event STRING, happened STRING"),
                                        brazeTable(
                                                "braze_events",
                                                "external_id STRING, name STRING, `time` STRING",
                                                newTopic("dead-letters", 1),
                                                "mode",
                                                "user_track",
                                                "track-record-type",
                                                "custom_events",
                                                "skip-on-invalid-records",
                                                "false"),
                                        "INSERT INTO braze_events SELECT uid, event, happened"
                                                + " FROM cdp_events"))
                .hasStackTraceContaining(
                        "Invalid row for braze table"
                                + " 'default_catalog.default_database.braze_events'"
                                + " (sync 'braze_events'): time is not an ISO-8601 date-time.");
    }

    @Test
    void aTableThatDoesNotFitItsModeIsRefusedBeforeTheJobStarts() throws Exception {
        String topic = newTopic("erasures", 1);
        produce(topic, List.of("{\"uid\":\"d1\",\"city\":\"Rome\"}"));

        assertThatThrownBy(
                        () ->
                                runSql(
                                        1,
                                        kafkaTable(
                                                "cdp_erasures", topic, "uid STRING, city STRING"),
                                        brazeTable(
                                                "braze_deletes",
                                                "external_id STRING, city STRING",
                                                newTopic("dead-letters", 1),
                                                "mode",
                                                "user_delete"),
                                        "INSERT INTO braze_deletes SELECT uid, city"
                                                + " FROM cdp_erasures"))
                .hasStackTraceContaining(
                        "Unable to create a sink for writing table"
                                + " 'default_catalog.default_database.braze_deletes'")
                .hasStackTraceContaining("mode user_delete does not read column 'city'");
        assertThat(services().braze().requests()).isEmpty();
    }

    /** One sync, as YAML sync settings and as the columns of its Kafka and braze tables. */
    record SyncCase(
            String name, String mode, String recordType, String columns, List<String> records) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SyncCase> syncCases() {
        List<String> profiles = new ArrayList<>();
        List<String> events = new ArrayList<>();
        List<String> purchases = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        List<String> identifies = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            profiles.add(
                    String.format(
                            "{\"external_id\":\"user-%d\",\"first_name\":\"First%d\","
                                    + "\"loyalty_points\":%d,\"tags\":[\"a\",\"b\"],"
                                    + "\"address\":{\"city\":\"C%d\",\"zip\":\"0%d\"},"
                                    + "\"preferences\":\"{\\\"newsletter\\\":%s}\","
                                    + "\"vip\":null,\"dob\":\"%s\"}",
                            i % 150,
                            i,
                            i * 7,
                            i % 7,
                            i,
                            i % 2 == 0,
                            i % 40 == 0 ? "1990-13-45" : "1990-04-02"));
            events.add(
                    String.format(
                            "{\"external_id\":\"user-%d\",%s\"time\":%d,\"source\":\"web\","
                                    + "\"properties\":{\"section\":\"news\"}}",
                            i % 60,
                            i % 50 == 0 ? "" : "\"name\":\"article_read\",",
                            1764547260000L + i * 60_000L));
        }
        for (int i = 0; i < 90; i++) {
            purchases.add(
                    String.format(
                            "{\"external_id\":\"user-%d\",\"product_id\":\"sku-%d\","
                                    + "\"currency\":\"%s\",\"price\":%d.87,\"quantity\":%d,"
                                    + "\"time\":\"2025-12-07T12:58:00Z\",\"coupon\":\"none\"}",
                            i % 40, i % 3, i % 30 == 0 ? "EURO" : "EUR", i, 1 + i % 3));
            aliases.add(
                    String.format(
                            "{\"alias_name\":\"anon-%d\",\"alias_label\":\"web_cookie\"%s}",
                            i, i % 3 == 0 ? ",\"external_id\":\"user-" + i + "\"" : ""));
            identifies.add(
                    String.format(
                            "{\"external_id\":\"user-%d\",\"alias_name\":\"anon-%d\","
                                    + "\"alias_label\":\"web_cookie\"}",
                            i, i));
            deletes.add(String.format("{\"external_id\":\"user-%d\"}", i));
        }
        return Stream.of(
                new SyncCase(
                        "profiles",
                        "user_track",
                        "user_profile_attributes",
                        "external_id STRING, first_name STRING, loyalty_points INT,"
                                + " tags ARRAY<STRING>, address ROW<city STRING, zip STRING>,"
                                + " preferences STRING, vip BOOLEAN, dob STRING",
                        profiles),
                new SyncCase(
                        "events",
                        "user_track",
                        "custom_events",
                        "external_id STRING, name STRING, `time` BIGINT, source STRING,"
                                + " properties ROW<section STRING>",
                        events),
                new SyncCase(
                        "purchases",
                        "user_track",
                        "purchases",
                        "external_id STRING, product_id STRING, currency STRING,"
                                + " price DECIMAL(10, 2), quantity INT, `time` STRING,"
                                + " coupon STRING",
                        purchases),
                new SyncCase(
                        "aliases",
                        "user_new_alias",
                        null,
                        "alias_name STRING, alias_label STRING, external_id STRING",
                        aliases),
                new SyncCase(
                        "identifies",
                        "user_identify",
                        null,
                        "external_id STRING, alias_name STRING, alias_label STRING",
                        identifies),
                new SyncCase("deletes", "user_delete", null, "external_id STRING", deletes));
    }

    /**
     * The same records through a YAML sync and through a SQL INSERT into a braze table give the
     * same Braze requests, body by body, and the same dead letters. One subtask, one request in
     * flight and a long linger make batches depend on the records alone, not on timing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("syncCases")
    void theSqlPathAndTheYamlPathSendTheSameRequests(SyncCase sync) throws Exception {
        String topic = newTopic(sync.name(), 1);
        produce(topic, sync.records());
        String yamlDeadLetters = newTopic("yaml-dead-letters", 1);
        String sqlDeadLetters = newTopic("sql-dead-letters", 1);

        services().braze().reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        BrazeSyncJob.run(
                env,
                JobConfigReader.parse(services().fillIn(yamlConfig(sync, topic, yamlDeadLetters))),
                "braze-sync (YAML)");
        List<RecordedRequest> yamlRequests = services().braze().requests();

        services().braze().reset();
        List<String> options = new ArrayList<>(List.of("mode", sync.mode()));
        if (sync.recordType() != null) {
            options.addAll(List.of("track-record-type", sync.recordType()));
        }
        if (sync.name().equals("profiles")) {
            options.addAll(List.of("pre-formatted-fields", "preferences"));
        }
        options.addAll(
                List.of("sync-name", sync.name(), "linger", "1h", "max-in-flight-requests", "1"));
        runSql(
                1,
                kafkaTable("cdp", topic, sync.columns()),
                brazeTable(
                        "braze_sync",
                        sync.columns(),
                        sqlDeadLetters,
                        options.toArray(String[]::new)),
                "INSERT INTO braze_sync SELECT * FROM cdp");
        List<RecordedRequest> sqlRequests = services().braze().requests();

        assertThat(yamlRequests).hasSizeGreaterThan(1);
        assertThat(sqlRequests).hasSameSizeAs(yamlRequests);
        for (int i = 0; i < yamlRequests.size(); i++) {
            RecordedRequest yaml = yamlRequests.get(i);
            RecordedRequest sql = sqlRequests.get(i);
            assertThat(sql.path()).isEqualTo(yaml.path());
            assertThat(sql.body().equals(SAME_NUMBER, yaml.body()))
                    .as("request %d:%n SQL  %s%n YAML %s", i, sql.body(), yaml.body())
                    .isTrue();
        }
        List<String> yamlReasons = reasons(yamlDeadLetters);
        assertThat(reasons(sqlDeadLetters)).isEqualTo(yamlReasons);
        if (!sync.mode().equals("user_track")) {
            assertThat(yamlReasons).isEmpty();
        } else {
            assertThat(yamlReasons).isNotEmpty();
        }
    }

    /** Numbers are the same when their values are: 9.87 read as DECIMAL(10, 2) or as JSON. */
    private static final Comparator<JsonNode> SAME_NUMBER =
            (a, b) -> {
                if (a.isNumber() && b.isNumber()) {
                    return a.decimalValue().compareTo(b.decimalValue());
                }
                return a.equals(b) ? 0 : 1;
            };

    private static String yamlConfig(SyncCase sync, String topic, String deadLetters) {
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "kafka:",
                                "  bootstrap-servers: ${KAFKA_BOOTSTRAP}",
                                "  group-id: " + topic + "-yaml",
                                "  starting-offsets: earliest",
                                "  stop-at-latest: true",
                                "braze:",
                                "  endpoint: ${BRAZE_ENDPOINT}",
                                "  api-key-file: ${BRAZE_API_KEY_FILE}",
                                "  linger: 1h",
                                "  max-in-flight-requests: 1",
                                "dead-letter-topic: " + deadLetters,
                                "syncs:",
                                "  - name: " + sync.name(),
                                "    topic: " + topic,
                                "    mode: " + sync.mode(),
                                "    change-detection: false"));
        if (sync.recordType() != null) {
            lines.add("    track-record-type: " + sync.recordType());
        }
        if (sync.name().equals("profiles")) {
            lines.add("    pre-formatted-fields: [preferences]");
        }
        return String.join("\n", lines);
    }

    private static List<String> reasons(String deadLetterTopic) {
        return services().kafka().readAll(deadLetterTopic).stream()
                .map(letter -> header(letter, DeadLetterHeaders.REASON))
                .collect(Collectors.toList());
    }

    // --- helpers ---

    static String newTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + TOPICS.incrementAndGet();
        services().kafka().createTopic(topic, partitions);
        return topic;
    }

    static void produce(String topic, List<String> records) {
        services()
                .kafka()
                .produce(
                        topic,
                        null,
                        records.stream()
                                .map(r -> r.getBytes(StandardCharsets.UTF_8))
                                .collect(Collectors.toList()));
    }

    /** A bounded Kafka table over a topic of JSON records, read from its start to its end. */
    static String kafkaTable(String table, String topic, String columns) {
        return String.format(
                "CREATE TABLE %s (%s) WITH ("
                        + " 'connector' = 'kafka',"
                        + " 'topic' = '%s',"
                        + " 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',"
                        + " 'properties.group.id' = '%s-sql',"
                        + " 'scan.startup.mode' = 'earliest-offset',"
                        + " 'scan.bounded.mode' = 'latest-offset',"
                        + " 'format' = 'json')",
                table, columns, topic, topic);
    }

    /** A braze table on the emulator, with options given as name, value, name, value, ... */
    static String brazeTable(
            String table, String columns, String deadLetterTopic, String... options) {
        Map<String, String> with = new LinkedHashMap<>();
        with.put("connector", "braze");
        for (int i = 0; i < options.length; i += 2) {
            with.put(options[i], options[i + 1]);
        }
        with.put("endpoint", "${BRAZE_ENDPOINT}");
        with.put("api-key-file", "${BRAZE_API_KEY_FILE}");
        with.put("dead-letter-topic", deadLetterTopic);
        with.put("dead-letter-bootstrap-servers", "${KAFKA_BOOTSTRAP}");
        with.putIfAbsent("linger", "50ms");
        return String.format(
                "CREATE TABLE %s (%s) WITH (%s)",
                table,
                columns,
                with.entrySet().stream()
                        .map(e -> String.format("'%s' = '%s'", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
    }

    /** Runs the statements through the job's --sql path and waits for the job to end. */
    static void runSql(int parallelism, String... statements) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        String script = services().fillIn(String.join(";\n", statements) + ";\n");
        SqlJobRunner.run(env, script, "braze-sync (SQL test)").await();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetterHeaders.read(record.headers(), name);
    }

    private static JsonNode json(String format, Object... arguments) {
        try {
            return JSON.readTree(String.format(format, arguments));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
