package io.brazesync.connector.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RecordMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecordMapper mapper = new RecordMapper();

    private static SyncSettings track(TrackRecordType type) {
        return SyncSettings.builder("s")
                .mode(Mode.USER_TRACK)
                .trackRecordType(type)
                .preFormattedFields(List.of("prefs"))
                .build();
    }

    /** A track sync whose null fields remove attributes in Braze. */
    private static SyncSettings removingNulls(TrackRecordType type) {
        return SyncSettings.builder("s")
                .mode(Mode.USER_TRACK)
                .trackRecordType(type)
                .nullValues(NullValues.REMOVE)
                .build();
    }

    private static SyncSettings mode(Mode mode) {
        return SyncSettings.builder("s").mode(mode).build();
    }

    private MappingResult map(SyncSettings sync, String value) {
        return mapper.map(
                sync, new RecordOrigin("s", "t", 0, 42, value.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode element(MappingResult result) throws Exception {
        assertThat(result.isValid()).as(result.invalidReason()).isTrue();
        return JSON.readTree(result.record().element());
    }

    @Test
    void mapsProfileAttributesWithIdentifierAndParsedPreFormattedField() throws Exception {
        MappingResult result =
                map(
                        track(TrackRecordType.USER_PROFILE_ATTRIBUTES),
                        "{\"external_id\":\"u1\",\"plan\":\"pro\",\"email\":\"a@b.c\","
                                + "\"prefs\":\"{\\\"news\\\":true}\",\"gone\":null,"
                                + "\"_merge_objects\":true}");

        JsonNode element = element(result);
        assertThat(result.record().array()).isEqualTo(BrazeArray.ATTRIBUTES);
        assertThat(result.record().userKey()).isEqualTo("external_id:u1");
        assertThat(element.get("external_id").asText()).isEqualTo("u1");
        assertThat(element.get("email").asText()).isEqualTo("a@b.c");
        assertThat(element.get("prefs").get("news").asBoolean()).isTrue();
        assertThat(element.has("gone")).as("nulls are ignored by default").isFalse();
        assertThat(element.get("_merge_objects").asBoolean()).isTrue();
    }

    @Test
    void sendsNullsWhenTheSyncRemovesAttributes() throws Exception {
        SyncSettings sync = removingNulls(TrackRecordType.USER_PROFILE_ATTRIBUTES);

        JsonNode element = element(map(sync, "{\"external_id\":\"u1\",\"plan\":null}"));

        assertThat(element.get("plan").isNull()).isTrue();
    }

    @Test
    void mapsEventConvertingEpochMillisAndMovingOtherFieldsIntoProperties() throws Exception {
        JsonNode element =
                element(
                        map(
                                track(TrackRecordType.CUSTOM_EVENTS),
                                "{\"user_alias\":{\"alias_name\":\"a\",\"alias_label\":\"l\"},"
                                        + "\"name\":\"opened\",\"time\":1764547200000,"
                                        + "\"source\":\"web\",\"properties\":{\"x\":1}}"));

        assertThat(element.get("user_alias").get("alias_name").asText()).isEqualTo("a");
        assertThat(element.get("time").asText()).isEqualTo("2025-12-01T00:00:00Z");
        assertThat(element.get("properties").get("x").asInt()).isEqualTo(1);
        assertThat(element.get("properties").get("source").asText()).isEqualTo("web");
    }

    @Test
    void readsEpochMillisWrittenAsTextAndKeepsIsoTimesAsGiven() throws Exception {
        SyncSettings events = track(TrackRecordType.CUSTOM_EVENTS);

        JsonNode fromText =
                element(
                        map(
                                events,
                                "{\"external_id\":\"u\",\"name\":\"e\","
                                        + "\"time\":\"1764547200000\"}"));
        JsonNode iso =
                element(
                        map(
                                events,
                                "{\"external_id\":\"u\",\"name\":\"e\","
                                        + "\"time\":\"2025-12-01T01:00:00+01:00\"}"));

        assertThat(fromText.get("time").asText()).isEqualTo("2025-12-01T00:00:00Z");
        assertThat(iso.get("time").asText()).isEqualTo("2025-12-01T01:00:00+01:00");
    }

    @Test
    void mapsPurchaseWithUpperCasedCurrency() throws Exception {
        JsonNode element =
                element(
                        map(
                                track(TrackRecordType.PURCHASES),
                                "{\"external_id\":\"u1\",\"product_id\":\"sku\","
                                        + "\"currency\":\"eur\",\"price\":9.99,\"quantity\":2,"
                                        + "\"time\":\"2025-12-01T10:00:00Z\"}"));

        assertThat(element.get("currency").asText()).isEqualTo("EUR");
        assertThat(element.get("price").decimalValue()).isEqualByComparingTo("9.99");
        assertThat(element.get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void mapsAliasIdentifyAndDeleteModes() throws Exception {
        MappingResult alias =
                map(
                        mode(Mode.USER_NEW_ALIAS),
                        "{\"alias_name\":\"a\",\"alias_label\":\"l\",\"external_id\":\"u1\"}");
        MappingResult identify =
                map(
                        mode(Mode.USER_IDENTIFY),
                        "{\"external_id\":\"u1\",\"alias_name\":\"a\",\"alias_label\":\"l\"}");
        MappingResult delete = map(mode(Mode.USER_DELETE), "{\"external_id\":\"u1\"}");
        MappingResult deleteAlias =
                map(mode(Mode.USER_DELETE), "{\"alias_name\":\"a\",\"alias_label\":\"l\"}");

        assertThat(alias.record().array()).isEqualTo(BrazeArray.USER_ALIASES);
        assertThat(element(alias).get("external_id").asText()).isEqualTo("u1");
        assertThat(identify.record().array()).isEqualTo(BrazeArray.ALIASES_TO_IDENTIFY);
        assertThat(element(identify).get("user_alias").get("alias_label").asText()).isEqualTo("l");
        assertThat(delete.record().array()).isEqualTo(BrazeArray.EXTERNAL_IDS);
        assertThat(delete.record().elementAsString()).isEqualTo("\"u1\"");
        assertThat(deleteAlias.record().array()).isEqualTo(BrazeArray.DELETE_USER_ALIASES);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|attributes|not valid JSON",
                "[1,2]|attributes|not a JSON object",
                "{\"plan\":\"x\"}|attributes|no identifier",
                "{\"external_id\":\"u\",\"braze_id\":\"b\"}|attributes|more than one identifier",
                "{\"external_id\":\"u\",\"dob\":\"1990-02-30\"}|attributes|dob",
                "{\"external_id\":\"u\",\"gender\":\"male\"}|attributes|gender",
                "{\"external_id\":\"u\",\"country\":\"DEU\"}|attributes|country",
                "{\"external_id\":\"u\",\"o\":{\"a.b\":1}}|attributes|nested key",
                "{\"external_id\":\"u\",\"pets\":[{\"id\":1},\"cat\"]}|attributes"
                        + "|mixes objects with other values",
                "{\"external_id\":\"u\",\"prefs\":\"{oops\"}|attributes|pre-formatted field",
                "{\"external_id\":\"u\",\"prefs\":\"42\"}|attributes|pre-formatted field",
                "{\"external_id\":\"u\",\"time\":\"2025-12-01T00:00:00Z\"}|events|name",
                "{\"external_id\":\"u\",\"name\":\"e\"}|events|missing time",
                "{\"external_id\":\"u\",\"name\":\"e\",\"time\":\"soon\"}|events|ISO-8601",
                "{\"external_id\":\"u\",\"name\":\"e\",\"time\":1,\"$x\":1}|events|'$'",
                "{\"external_id\":\"u\",\"name\":\"e\",\"time\":1,"
                        + "\"properties\":{\"event_name\":1}}"
                        + "|events|reserved",
                "{\"external_id\":\"u\",\"product_id\":\"p\",\"currency\":\"EURO\",\"price\":1,"
                        + "\"time\":1}|purchases|currency",
                "{\"external_id\":\"u\",\"product_id\":\"p\",\"currency\":\"EUR\",\"price\":\"1\","
                        + "\"time\":1}|purchases|numeric price",
                "{\"external_id\":\"u\",\"product_id\":\"p\",\"currency\":\"EUR\",\"price\":1,"
                        + "\"quantity\":101,\"time\":1}|purchases|quantity",
            })
    void refusesRecordsThatBreakTheContractWithAReasonNamingTheRule(
            String value, String type, String reason) {
        TrackRecordType recordType =
                type.equals("events")
                        ? TrackRecordType.CUSTOM_EVENTS
                        : type.equals("purchases")
                                ? TrackRecordType.PURCHASES
                                : TrackRecordType.USER_PROFILE_ATTRIBUTES;

        MappingResult result = map(track(recordType), value);

        assertThat(result.isValid()).isFalse();
        assertThat(result.invalidReason()).contains(reason);
        assertThat(result.origin().offset()).isEqualTo(42);
    }

    @Test
    void refusesInvalidUtf8AndOverlongStrings() {
        RecordOrigin invalidUtf8 =
                new RecordOrigin(
                        "s",
                        "t",
                        0,
                        1,
                        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
        String longValue = "x".repeat(256);

        MappingResult utf8 =
                mapper.map(track(TrackRecordType.USER_PROFILE_ATTRIBUTES), invalidUtf8);
        MappingResult tooLong =
                map(
                        track(TrackRecordType.USER_PROFILE_ATTRIBUTES),
                        "{\"external_id\":\"u\",\"bio\":\"" + longValue + "\"}");

        assertThat(utf8.invalidReason()).contains("UTF-8");
        assertThat(tooLong.invalidReason()).contains("longer than 255");
    }

    /** Inputs that made the mapping throw, or pass a record Braze refuses, until fixed. */
    static Stream<Arguments> inputsTheFuzzTestFound() {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        String event = "\"external_id\":\"u\",\"name\":\"e\"";
        String purchase =
                "\"external_id\":\"u\",\"product_id\":\"p\",\"currency\":\"USD\","
                        + "\"price\":1,\"time\":1";
        return Stream.of(
                arguments("attributes", "{\"external_id\":\"u\",\"a\":" + deep + "}", "deeper"),
                arguments("attributes", "{\"a\":1" + "0".repeat(1200) + "}", "number"),
                arguments("attributes", "{\"external_id\":\"u\",\"a\":1e99999999999}", "number"),
                arguments(
                        "attributes",
                        "{\"external_id\":\"u\",\"prefs\":\""
                                + "[".repeat(500)
                                + "]".repeat(500)
                                + "\"}",
                        "deeper"),
                arguments("attributes", "{\"braze_id\":\"\\ud800\"}", "surrogate"),
                arguments("attributes", "{\"external_id\":\"u\",\"n\":{\"inc\":\"x\"}}", "number"),
                arguments("attributes", "{\"external_id\":\"u\",\"l\":{\"add\":[{}]}}", "only"),
                arguments(
                        "attributes",
                        "{\"external_id\":\"u\",\"o\":{\"a\":\"" + "x".repeat(256) + "\"}}",
                        "longer than 255"),
                arguments("events", "{" + event + ",\"time\":1,\"app_id\":0}", "app_id"),
                arguments("events", "{" + event + ",\"time\":18446744073709551618}", "range"),
                arguments("events", "{" + event + ",\"time\":9007199254740993}", "9999"),
                arguments("events", "{" + event + ",\"time\":\"+10000-01-01T00:00:00Z\"}", "year"),
                arguments(
                        "purchases",
                        "{" + purchase + ",\"quantity\":18446744073709551618}",
                        "quantity"));
    }

    @ParameterizedTest(name = "{2}: {0}")
    @MethodSource("inputsTheFuzzTestFound")
    void refusesWhatTheFuzzTestFoundWithAReason(String type, String value, String reason) {
        TrackRecordType recordType =
                type.equals("events")
                        ? TrackRecordType.CUSTOM_EVENTS
                        : type.equals("purchases")
                                ? TrackRecordType.PURCHASES
                                : TrackRecordType.USER_PROFILE_ATTRIBUTES;

        MappingResult result = map(track(recordType), value);

        assertThat(result.isValid()).isFalse();
        assertThat(result.invalidReason()).contains(reason);
    }

    @Test
    void aNullIdentifierFieldNeverReplacesTheIdentifierWhenNullsRemoveAttributes()
            throws Exception {
        SyncSettings sync = removingNulls(TrackRecordType.USER_PROFILE_ATTRIBUTES);

        JsonNode element =
                element(
                        map(
                                sync,
                                "{\"alias_name\":\"a\",\"alias_label\":\"l\","
                                        + "\"user_alias\":null,\"plan\":null}"));

        assertThat(element.get("user_alias").get("alias_name").asText()).isEqualTo("a");
        assertThat(element.get("plan").isNull()).isTrue();
    }

    @Test
    void removingAttributesOnNullSendsNoNullIdentifierOrFlag() throws Exception {
        SyncSettings sync = removingNulls(TrackRecordType.USER_PROFILE_ATTRIBUTES);

        JsonNode element =
                element(
                        map(
                                sync,
                                "{\"external_id\":\"u1\",\"alias_name\":null,"
                                        + "\"alias_label\":null,\"_merge_objects\":null,"
                                        + "\"plan\":null}"));

        assertThat(element.has("alias_name")).isFalse();
        assertThat(element.has("alias_label")).isFalse();
        assertThat(element.has("_merge_objects")).isFalse();
        assertThat(element.get("plan").isNull()).isTrue();
    }

    @Test
    void removingAttributesOnNullLeavesEventsAndPurchasesAsWithoutIt() throws Exception {
        SyncSettings events = removingNulls(TrackRecordType.CUSTOM_EVENTS);
        SyncSettings purchases = removingNulls(TrackRecordType.PURCHASES);

        JsonNode event =
                element(
                        map(
                                events,
                                "{\"external_id\":\"u1\",\"name\":\"played\","
                                        + "\"time\":1764547260000,\"properties\":null,"
                                        + "\"level\":null}"));
        JsonNode purchase =
                element(
                        map(
                                purchases,
                                "{\"external_id\":\"u1\",\"product_id\":\"p\","
                                        + "\"currency\":\"EUR\",\"price\":1.5,"
                                        + "\"quantity\":null,\"time\":1764547260000}"));

        assertThat(event.get("properties").isObject()).isTrue();
        assertThat(event.get("properties").has("level")).isFalse();
        assertThat(purchase.has("quantity")).as("left to Braze's default of 1").isFalse();
    }

    @Test
    void refusesAProfileIdentifiedOnlyByBothEmailAndPhone() throws Exception {
        SyncSettings profiles = track(TrackRecordType.USER_PROFILE_ATTRIBUTES);

        MappingResult both =
                map(profiles, "{\"email\":\"a@example.com\",\"phone\":\"+4712345678\"}");
        JsonNode withExternalId =
                element(
                        map(
                                profiles,
                                "{\"external_id\":\"u\",\"email\":\"a@example.com\","
                                        + "\"phone\":\"+4712345678\"}"));

        assertThat(both.isValid()).isFalse();
        assertThat(both.invalidReason()).contains("exactly one identifier");
        assertThat(withExternalId.get("phone").asText()).isEqualTo("+4712345678");
    }

    @Test
    void anArrayOfObjectsOverTheNestedLimitIsRefused() {
        String pets = "{\"name\":\"" + "p".repeat(200) + "\"}";
        String record =
                "{\"external_id\":\"u\",\"pets\":["
                        + String.join(",", Collections.nCopies(600, pets))
                        + "]}";

        MappingResult result = map(track(TrackRecordType.USER_PROFILE_ATTRIBUTES), record);

        assertThat(result.invalidReason())
                .isEqualTo("attribute 'pets' is over Braze's limit of 100 KB");
    }

    @Test
    void refusesDeleteByEmail() {
        MappingResult result = map(mode(Mode.USER_DELETE), "{\"email\":\"a@b.c\"}");

        assertThat(result.invalidReason()).contains("not by email");
    }

    @Test
    void aDeleteWithoutIdentifierNamesOnlyWhatADeleteTakes() {
        MappingResult result = map(mode(Mode.USER_DELETE), "{\"external_id\":null}");

        assertThat(result.invalidReason())
                .startsWith("no identifier")
                .contains("external_id, braze_id or user_alias")
                .doesNotContain("email")
                .doesNotContain("phone");
    }

    @Test
    void reasonsNeverContainRecordValues() {
        MappingResult result =
                map(
                        track(TrackRecordType.USER_PROFILE_ATTRIBUTES),
                        "{\"external_id\":\"secret-user\",\"dob\":\"secret-date\"}");

        assertThat(result.invalidReason()).doesNotContain("secret");
    }

    @Test
    void mappedRecordKeepsOriginalBytesForDeadLetters() {
        String value = "{\"external_id\":\"u1\",\"plan\":\"pro\"}";

        BrazeRecord record = map(track(TrackRecordType.USER_PROFILE_ATTRIBUTES), value).record();

        assertThat(new String(record.origin().originalValue(), StandardCharsets.UTF_8))
                .isEqualTo(value);
    }
}
