package io.brazesync.connector.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One sync of each mode and track record type, with valid records of each to mutate. */
final class ValidRecords {

    /** The field every fuzzed sync treats as pre-formatted JSON text. */
    static final String PRE_FORMATTED = "prefs";

    /** Every field some mode reads, so each gets values of every wrong type. */
    static final List<String> FIELDS_READ =
            List.of(
                    "external_id",
                    "braze_id",
                    "user_alias",
                    "alias_name",
                    "alias_label",
                    "email",
                    "phone",
                    "name",
                    "time",
                    "app_id",
                    "properties",
                    "product_id",
                    "currency",
                    "price",
                    "quantity",
                    "dob",
                    "country",
                    "gender",
                    "_update_existing_only",
                    "_merge_objects",
                    PRE_FORMATTED);

    static final Map<String, SyncSettings> SYNCS = syncs();

    private static final String ALIAS =
            "{\"alias_name\":\"anon-7Qz\",\"alias_label\":\"cookie-Lb\"}";

    private ValidRecords() {}

    private static Map<String, SyncSettings> syncs() {
        Map<String, SyncSettings> syncs = new LinkedHashMap<>();
        syncs.put("profiles", track("profiles", TrackRecordType.USER_PROFILE_ATTRIBUTES));
        syncs.put("events", track("events", TrackRecordType.CUSTOM_EVENTS));
        syncs.put("purchases", track("purchases", TrackRecordType.PURCHASES));
        syncs.put("aliases", other("aliases", Mode.USER_NEW_ALIAS));
        syncs.put("identifies", other("identifies", Mode.USER_IDENTIFY));
        syncs.put("deletes", other("deletes", Mode.USER_DELETE));
        syncs.put(
                "profiles-removing-nulls",
                SyncSettings.builder("profiles-removing-nulls")
                        .mode(Mode.USER_TRACK)
                        .trackRecordType(TrackRecordType.USER_PROFILE_ATTRIBUTES)
                        .preFormattedFields(List.of(PRE_FORMATTED))
                        .nullValues(NullValues.REMOVE)
                        .build());
        return syncs;
    }

    private static SyncSettings track(String name, TrackRecordType type) {
        return SyncSettings.builder(name)
                .mode(Mode.USER_TRACK)
                .trackRecordType(type)
                .preFormattedFields(List.of(PRE_FORMATTED))
                .build();
    }

    private static SyncSettings other(String name, Mode mode) {
        return SyncSettings.builder(name)
                .mode(mode)
                .preFormattedFields(List.of(PRE_FORMATTED))
                .build();
    }

    /** Valid records of a sync, as JSON text with values distinct from any field name. */
    static List<String> of(String sync) {
        switch (sync) {
            case "profiles":
            case "profiles-removing-nulls":
                return List.of(
                        "{\"external_id\":\"Ux-4711\",\"first_name\":\"Ann Q\","
                                + "\"plan\":\"Gold-Plus9\",\"points\":42,\"ratio\":0.75,"
                                + "\"opted_in\":true,\"dob\":\"1990-02-28\",\"country\":\"NO\","
                                + "\"gender\":\"F\",\"email\":\"ann.x9@example.com\","
                                + "\"tags\":[\"vip-Xq1\",\"Beta7\"],"
                                + "\"address\":{\"city\":\"Oslo-Z9\",\"zip_code\":\"0150\"},"
                                + "\"prefs\":\"{\\\"news\\\":true,\\\"langs\\\":[\\\"nb\\\"]}\","
                                + "\"gone\":null,\"visits\":{\"inc\":1},"
                                + "\"_merge_objects\":true,\"_update_existing_only\":false}",
                        "{\"user_alias\":" + ALIAS + ",\"seen\":\"Web-Q1\"}",
                        "{\"alias_name\":\"anon-8Rr\",\"alias_label\":\"cookie-Lb\","
                                + "\"nickname\":\"Zed \uD83D\uDE00 \u00dcn\u00ef\"}",
                        "{\"braze_id\":\"bz-99AA\",\"score\":-3,\"lists\":{\"add\":[\"Q1x\"]}}",
                        "{\"email\":\"only.m9@example.com\",\"first_name\":\"Mail7\"}",
                        "{\"phone\":\"+4799999999\",\"kids\":[{\"age\":7}]}",
                        "{\"external_id\":1234567,\"level\":\"Lv-88\"}");
            case "events":
                return List.of(
                        "{\"external_id\":\"Ux-4711\",\"name\":\"viewed-Pg\","
                                + "\"time\":1764547200000,\"page\":\"/p/Q1\","
                                + "\"properties\":{\"cart\":{\"items\":[{\"sku\":\"sku-Z1\"}]},"
                                + "\"n\":3},\"app_id\":\"app-X1Y2\"}",
                        "{\"user_alias\":"
                                + ALIAS
                                + ",\"name\":\"clicked-Q\",\"time\":\"2026-01-02T03:04:05Z\","
                                + "\"_update_existing_only\":true}",
                        "{\"email\":\"ev.m9@example.com\",\"name\":\"opened-Z\","
                                + "\"time\":\"1764547200000\",\"prefs\":\"[1,2]\"}");
            case "purchases":
                return List.of(
                        "{\"external_id\":\"Ux-4711\",\"product_id\":\"sku-Q77\","
                                + "\"currency\":\"eur\",\"price\":9.99,\"quantity\":2,"
                                + "\"time\":\"2026-01-02T03:04:05Z\",\"coupon\":\"WINTER-X9\","
                                + "\"properties\":{\"size\":\"XL-Q\"}}",
                        "{\"braze_id\":\"bz-99AA\",\"product_id\":\"sku-R2\",\"currency\":\"USD\","
                                + "\"price\":0,\"time\":1}");
            case "aliases":
                return List.of(
                        "{\"alias_name\":\"lead-Q9\",\"alias_label\":\"crm-Z1\","
                                + "\"external_id\":\"Ux-4711\"}",
                        "{\"alias_name\":\"lead-Q8\",\"alias_label\":\"crm-Z1\"}");
            case "identifies":
                return List.of(
                        "{\"external_id\":\"Ux-4711\",\"alias_name\":\"anon-7Qz\","
                                + "\"alias_label\":\"cookie-Lb\"}",
                        "{\"external_id\":\"Ux-4712\",\"user_alias\":" + ALIAS + "}");
            case "deletes":
                return List.of(
                        "{\"external_id\":\"Ux-4711\"}",
                        "{\"braze_id\":\"bz-99AA\"}",
                        "{\"user_alias\":" + ALIAS + "}");
            default:
                throw new IllegalArgumentException(sync);
        }
    }
}
