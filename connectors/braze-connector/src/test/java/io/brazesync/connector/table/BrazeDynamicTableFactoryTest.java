package io.brazesync.connector.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A braze table is checked when a statement that writes to it is planned: bad options and columns
 * that do not fit the mode are refused with a message naming them, before any job runs.
 */
class BrazeDynamicTableFactoryTest {

    private static final String EVENT_COLUMNS =
            "external_id STRING, name STRING, `time` TIMESTAMP_LTZ(3), properties ROW<plan STRING>";

    /** One planner for the class; each test drops and creates the tables it plans. */
    private static StreamTableEnvironment tables;

    @BeforeAll
    static void createTableEnvironment() {
        tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    /** The options of a valid custom-events table; tests override or remove (null) some. */
    private static Map<String, String> eventOptions(String... overrides) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "braze");
        options.put("mode", "user_track");
        options.put("track-record-type", "custom_events");
        options.put("endpoint", "https://rest.iad-01.braze.com");
        options.put("api-key-env", "BRAZE_API_KEY");
        options.put("dead-letter-topic", "braze-dead-letters");
        options.put("dead-letter-bootstrap-servers", "localhost:9092");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                options.remove(overrides[i]);
            } else {
                options.put(overrides[i], overrides[i + 1]);
            }
        }
        return options;
    }

    /** Plans an INSERT into a braze table with these columns, from a source of the same shape. */
    private static String plan(String columns, Map<String, String> options) {
        String with =
                options.entrySet().stream()
                        .map(e -> String.format("'%s' = '%s'", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
        tables.executeSql("DROP TABLE IF EXISTS braze_t");
        tables.executeSql("DROP TABLE IF EXISTS cdp");
        tables.executeSql("CREATE TABLE braze_t (" + columns + ") WITH (" + with + ")");
        tables.executeSql(
                "CREATE TABLE cdp WITH ('connector' = 'datagen') LIKE braze_t (EXCLUDING OPTIONS)");
        return tables.explainSql(
                "INSERT INTO braze_t SELECT * FROM cdp", ExplainDetail.JSON_EXECUTION_PLAN);
    }

    /** The message our connector gave, below Flink's "Unable to create a sink" wrapper. */
    private static String refusal(String columns, Map<String, String> options) {
        Throwable failure = catchThrowable(() -> plan(columns, options));
        assertThat(failure).as("planning must fail").isNotNull();
        return rootCause(failure).getMessage();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void aTableThatFitsItsModeIsPlannedAsMappingKeyedByUserIntoTheBrazeSink() {
        String plan = plan(EVENT_COLUMNS, eventOptions());

        assertThat(plan)
                .contains("Braze record mapping: braze_t")
                .contains("\"ship_strategy\" : \"HASH\"")
                .contains("Braze: braze_t");
    }

    @Test
    void aMissingRequiredColumnIsNamedWithWhatTheModeNeeds() {
        String message = refusal("external_id STRING, `time` TIMESTAMP_LTZ(3)", eventOptions());

        assertThat(message)
                .startsWith(
                        "track-record-type custom_events needs a column 'name' (STRING): the"
                                + " event's name");
    }

    @Test
    void aTrackTableWithoutAnIdentifierIsRefused() {
        String message =
                refusal(
                        "first_name STRING, city STRING",
                        eventOptions("track-record-type", "user_profile_attributes"));

        assertThat(message)
                .contains("mode user_track needs an identifier column: external_id, braze_id")
                .contains("its columns are first_name, city");
    }

    @Test
    void aColumnOfTheWrongTypeIsNamedWithTheTypesAllowed() {
        String message =
                refusal(
                        "external_id STRING, product_id STRING, currency STRING, price STRING,"
                                + " `time` TIMESTAMP_LTZ(3)",
                        eventOptions("track-record-type", "purchases"));

        assertThat(message)
                .isEqualTo(
                        "column 'price' must be a numeric type such as DECIMAL or DOUBLE for"
                                + " track-record-type purchases, but is STRING");
    }

    @Test
    void aColumnTheModeNeverReadsIsRefused() {
        String message =
                refusal(
                        "external_id STRING, first_name STRING",
                        eventOptions("mode", "user_delete", "track-record-type", null));

        assertThat(message)
                .isEqualTo(
                        "mode user_delete does not read column 'first_name'; it reads"
                                + " external_id, braze_id, user_alias, alias_name, alias_label."
                                + " Leave the column out of the table");
    }

    @Test
    void identifyNeedsTheExternalIdAndTheAlias() {
        Map<String, String> identify =
                eventOptions("mode", "user_identify", "track-record-type", null);

        assertThat(refusal("external_id STRING", identify))
                .startsWith("mode user_identify needs the user alias");
        assertThat(refusal("alias_name STRING, alias_label STRING", identify))
                .startsWith("mode user_identify needs a column 'external_id' (STRING)");
        assertThat(refusal("external_id STRING, alias_name STRING", identify))
                .startsWith("column 'alias_name' needs a column 'alias_label' beside it");
        assertThat(refusal("external_id STRING, user_alias STRING", identify))
                .startsWith(
                        "column 'user_alias' must be ROW<alias_name STRING, alias_label STRING>,"
                                + " MAP<STRING, STRING> or a STRING listed in"
                                + " pre-formatted-fields, but is STRING");
    }

    @Test
    void aBinaryColumnIsRefusedNamingTheColumn() {
        String message =
                refusal(
                        "external_id STRING, avatar BYTES",
                        eventOptions("track-record-type", "user_profile_attributes"));

        assertThat(message).startsWith("column 'avatar' is BYTES");
    }

    @Test
    void preFormattedFieldsMustBeStringColumnsOfTheTable() {
        Map<String, String> attributes =
                eventOptions(
                        "track-record-type",
                        "user_profile_attributes",
                        "pre-formatted-fields",
                        "preferences;address");

        assertThat(refusal("external_id STRING, preferences STRING", attributes))
                .startsWith(
                        "pre-formatted-fields names 'address', which is not a column of the"
                                + " table");
        assertThat(
                        refusal(
                                "external_id STRING, preferences STRING,"
                                        + " address ROW<city STRING>",
                                attributes))
                .startsWith("pre-formatted field 'address' must be a STRING column");
    }

    @Test
    void anUnknownModeIsRefusedWithTheAllowedValues() {
        String message = refusal(EVENT_COLUMNS, eventOptions("mode", "user_tracking"));

        assertThat(message)
                .isEqualTo(
                        "option 'mode': 'user_tracking' is not a valid mode; allowed values:"
                                + " user_new_alias, user_identify, user_track, user_delete");
    }

    @Test
    void userTrackNeedsATrackRecordType() {
        String message = refusal(EVENT_COLUMNS, eventOptions("track-record-type", null));

        assertThat(message)
                .startsWith("option 'track-record-type' is required when 'mode' = 'user_track'");
    }

    @Test
    void aLiteralApiKeyIsRefusedWithoutShowingIt() {
        Throwable failure =
                catchThrowable(
                        () ->
                                plan(
                                        EVENT_COLUMNS,
                                        eventOptions(
                                                "api-key-env", null, "api-key", "s3cr3t-key-42")));

        assertThat(rootCause(failure).getMessage())
                .startsWith("option 'api-key' is not supported")
                .contains("Use 'api-key-env'")
                .contains("'api-key-file'");
        assertThat(ExceptionUtils.stringifyException(failure)).doesNotContain("s3cr3t-key-42");
    }

    @Test
    void exactlyOneSourceOfTheApiKeyIsNeeded() {
        assertThat(refusal(EVENT_COLUMNS, eventOptions("api-key-env", null)))
                .startsWith("set exactly one of the options 'api-key-env'");
        assertThat(refusal(EVENT_COLUMNS, eventOptions("api-key-file", "/etc/braze/key")))
                .startsWith("set exactly one of the options 'api-key-env'");
    }

    @Test
    void aPlainHttpEndpointOffLoopbackIsRefused() {
        String message =
                refusal(EVENT_COLUMNS, eventOptions("endpoint", "http://rest.iad-01.braze.com"));

        assertThat(message).startsWith("option 'endpoint': ").contains("must use https");
    }

    @Test
    void sinkSettingsOutOfRangeNameTheOption() {
        assertThat(refusal(EVENT_COLUMNS, eventOptions("track-cap", "0")))
                .isEqualTo("option 'track-cap' must be at least 1, got 0");
        assertThat(refusal(EVENT_COLUMNS, eventOptions("track-cap-model", "per-endpoint")))
                .isEqualTo(
                        "option 'track-cap-model' is 'per-endpoint'; allowed values: total,"
                                + " per-array");
    }

    @Test
    void changeDetectionIsRefusedAsAStepOfYamlSyncsOnly() {
        String message =
                refusal(
                        "external_id STRING, city STRING",
                        eventOptions(
                                "track-record-type",
                                "user_profile_attributes",
                                "change-detection",
                                "true"));

        assertThat(message).startsWith("option 'change-detection' is not supported");
    }

    @Test
    void unknownOptionsAreRefusedByName() {
        Throwable failure = catchThrowable(() -> plan(EVENT_COLUMNS, eventOptions("lingr", "1s")));

        assertThat(ExceptionUtils.stringifyException(failure))
                .contains("Unsupported options")
                .contains("lingr");
    }

    @Test
    void anUpdatingQueryIsRefusedByThePlanner() {
        plan(EVENT_COLUMNS, eventOptions());
        tables.executeSql("DROP TABLE IF EXISTS counts");
        tables.executeSql(
                "CREATE TABLE counts (external_id STRING, visits BIGINT) WITH ("
                        + eventOptions("track-record-type", "user_profile_attributes")
                                .entrySet()
                                .stream()
                                .map(e -> String.format("'%s' = '%s'", e.getKey(), e.getValue()))
                                .collect(Collectors.joining(", "))
                        + ")");

        Throwable failure =
                catchThrowable(
                        () ->
                                tables.explainSql(
                                        "INSERT INTO counts SELECT external_id, COUNT(*)"
                                                + " FROM cdp GROUP BY external_id"));

        assertThat(ExceptionUtils.stringifyException(failure))
                .contains("doesn't support consuming update changes");
    }
}
