package io.brazesync.job.syncs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records that break the record contract or a Braze rule, one of each kind, with the sync they are
 * written to and a part of the reason the job must give.
 */
final class BadRecordCorpus {

    /** One bad record: the sync whose topic it goes to, its bytes and the expected reason. */
    record BadRecord(String sync, byte[] value, String reason) {

        @Override
        public String toString() {
            return sync + ": " + reason;
        }
    }

    private BadRecordCorpus() {}

    static List<BadRecord> all() {
        List<BadRecord> corpus = new ArrayList<>();
        String big = "\"" + "x".repeat(60 * 1024) + "\"";
        // Strings in a nested attribute have 255 characters at most, so 100 KB takes many.
        StringBuilder notes = new StringBuilder("{");
        for (int i = 0; i < 550; i++) {
            notes.append(i == 0 ? "" : ",").append("\"n").append(i).append("\":\"");
            notes.append("x".repeat(200)).append('"');
        }
        String huge = notes.append('}').toString();

        corpus.add(bad("profiles", "not json at all", "not valid JSON"));
        corpus.add(bad("profiles", "{\"external_id\":\"b1\",\"plan\":", "not valid JSON"));
        corpus.add(bad("profiles", "[1,2,3]", "not a JSON object"));
        corpus.add(bad("profiles", "\"just a string\"", "not a JSON object"));
        corpus.add(new BadRecord("profiles", new byte[0], "empty record"));
        corpus.add(
                new BadRecord(
                        "profiles",
                        new byte[] {
                            '{',
                            '"',
                            'e',
                            'x',
                            't',
                            'e',
                            'r',
                            'n',
                            'a',
                            'l',
                            '_',
                            'i',
                            'd',
                            '"',
                            ':',
                            '"',
                            (byte) 0xC3,
                            (byte) 0x28,
                            '"',
                            '}'
                        },
                        "not valid UTF-8"));
        corpus.add(bad("profiles", "{\"first_name\":\"Ann\"}", "no identifier"));
        corpus.add(bad("profiles", "{\"external_id\":\"\"}", "non-empty string"));
        corpus.add(bad("profiles", "{\"external_id\":{\"a\":1}}", "non-empty string"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"b2\",\"braze_id\":\"x\"}",
                        "more than one identifier"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"b3\",\"bio\":\"" + "y".repeat(256) + "\"}",
                        "longer than 255"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"b4\",\"" + "k".repeat(256) + "\":1}",
                        "attribute name must have 1 to 255"));
        corpus.add(bad("profiles", "{\"external_id\":\"b5\",\"dob\":\"1990-02-30\"}", "dob"));
        corpus.add(bad("profiles", "{\"external_id\":\"b6\",\"country\":\"NOR\"}", "country"));
        corpus.add(bad("profiles", "{\"external_id\":\"b7\",\"gender\":\"male\"}", "gender"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"b8\",\"address\":{\"zip code\":\"0150\"}}",
                        "nested key"));
        corpus.add(bad("profiles", "{\"external_id\":\"b9\",\"history\":" + huge + "}", "100 KB"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"b10\",\"preferences\":\"{broken\"}",
                        "pre-formatted field 'preferences' does not hold valid JSON"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"b11\",\"_merge_objects\":\"yes\"}",
                        "_merge_objects must be true or false"));

        corpus.add(bad("events", "{\"external_id\":\"e1\",\"time\":1700000000000}", "name"));
        corpus.add(bad("events", "{\"external_id\":\"e2\",\"name\":\"viewed\"}", "missing time"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"e3\",\"name\":\"viewed\",\"time\":\"yesterday\"}",
                        "ISO-8601"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"e4\",\"name\":\"viewed\",\"time\":1,\"$price\":1}",
                        "starts with '$'"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"e5\",\"name\":\"viewed\",\"time\":1,"
                                + "\"properties\":{\"event_name\":\"x\"}}",
                        "reserved"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"e6\",\"name\":\"viewed\",\"time\":1,"
                                + "\"properties\":[1]}",
                        "properties must be a JSON object"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"e7\",\"name\":\"viewed\",\"time\":1,"
                                + "\"cart\":{\"items\":"
                                + big
                                + "}}",
                        "50 KB"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"e8\",\"name\":\"" + "n".repeat(256) + "\",\"time\":1}",
                        "event name is longer than 255"));

        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"p1\",\"product_id\":\"sku\",\"currency\":\"dollars\","
                                + "\"price\":1,\"time\":1}",
                        "ISO-4217"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"p2\",\"product_id\":\"sku\",\"currency\":\"USD\","
                                + "\"price\":\"9.99\",\"time\":1}",
                        "numeric price"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"p3\",\"product_id\":\"sku\",\"currency\":\"USD\","
                                + "\"price\":1,\"quantity\":0,\"time\":1}",
                        "quantity"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"p4\",\"product_id\":\"sku\",\"currency\":\"USD\","
                                + "\"price\":1,\"quantity\":1.5,\"time\":1}",
                        "quantity"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"p5\",\"currency\":\"USD\",\"price\":1,\"time\":1}",
                        "product_id"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"p6\",\"product_id\":\""
                                + "s".repeat(256)
                                + "\",\"currency\":\"USD\",\"price\":1,\"time\":1}",
                        "product_id is longer than 255"));

        corpus.add(bad("aliases", "{\"alias_name\":\"lead-x\"}", "alias_name and alias_label"));
        corpus.add(
                bad(
                        "identifies",
                        "{\"alias_name\":\"anon-x\",\"alias_label\":\"cookie\"}",
                        "identify needs a non-empty string external_id"));
        corpus.add(
                bad(
                        "identifies",
                        "{\"external_id\":\"i1\",\"alias_name\":\"anon-y\"}",
                        "alias_name and alias_label"));
        corpus.add(bad("deletes", "{\"email\":\"a@example.com\"}", "not by email"));
        corpus.add(bad("deletes", "{}", "no identifier"));

        corpus.addAll(truncated());
        corpus.addAll(wrongTypes());
        corpus.addAll(beyondParserLimits());
        corpus.addAll(oddUnicode());
        corpus.add(
                new BadRecord("profiles", manyAttributes("o", 21_000), "larger than Braze's 4 MB"));
        return corpus;
    }

    /**
     * A valid profile of {@code count} attributes of 200 characters, about 212 bytes each; every
     * tenth value holds an emoji.
     */
    static byte[] manyAttributes(String externalId, int count) {
        StringBuilder record = new StringBuilder("{\"external_id\":\"" + externalId + "\"");
        String plain = "v".repeat(200);
        String emoji = "\uD83D\uDE00".repeat(5) + "v".repeat(190);
        for (int i = 0; i < count; i++) {
            record.append(",\"attribute_").append(i).append("\":\"");
            record.append(i % 10 == 0 ? emoji : plain).append('"');
        }
        return record.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A valid record cut short at its start, inside a string, between fields and at its end. */
    private static List<BadRecord> truncated() {
        String valid =
                "{\"external_id\":\"t1\",\"first_name\":\"Trudy\",\"tags\":[\"a\",\"b\"],"
                        + "\"address\":{\"city\":\"Oslo\"}}";
        List<BadRecord> corpus = new ArrayList<>();
        for (int length : new int[] {1, 16, 22, 37, valid.length() / 2, valid.length() - 1}) {
            corpus.add(bad("profiles", valid.substring(0, length), "not valid JSON"));
        }
        return corpus;
    }

    /** A value of a wrong JSON type in every field each mode reads. */
    private static List<BadRecord> wrongTypes() {
        String identifier = "an identifier must be a non-empty string";
        String alias = "alias_name and alias_label";
        String event = "{\"external_id\":\"w-e\",\"name\":\"viewed\",\"time\":1,";
        String purchase =
                "{\"external_id\":\"w-p\",\"product_id\":\"sku\",\"currency\":\"USD\","
                        + "\"price\":1,\"time\":1,";
        List<BadRecord> corpus = new ArrayList<>();
        corpus.add(bad("profiles", "{\"external_id\":true}", identifier));
        corpus.add(bad("profiles", "{\"external_id\":1.5}", identifier));
        corpus.add(bad("profiles", "{\"braze_id\":[\"b\"]}", identifier));
        corpus.add(bad("profiles", "{\"user_alias\":\"anon\"}", "user_alias must be an object"));
        corpus.add(bad("profiles", "{\"alias_name\":5,\"alias_label\":\"l\"}", alias));
        corpus.add(bad("profiles", "{\"email\":{\"at\":\"x\"}}", identifier));
        corpus.add(bad("profiles", "{\"phone\":[47]}", identifier));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"w1\",\"_update_existing_only\":\"yes\"}",
                        "_update_existing_only must be true or false"));
        corpus.add(bad("profiles", "{\"external_id\":\"w2\",\"dob\":19900228}", "dob"));
        corpus.add(bad("profiles", "{\"external_id\":\"w3\",\"country\":47}", "country"));
        corpus.add(bad("profiles", "{\"external_id\":\"w4\",\"gender\":true}", "gender"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"w5\",\"preferences\":\"42\"}",
                        "pre-formatted field 'preferences' holds no JSON array or object"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"w6\",\"visits\":{\"inc\":\"one\"}}",
                        "'inc' of attribute 'visits' must be a number"));

        corpus.add(bad("events", "{\"external_id\":\"w-e\",\"name\":5,\"time\":1}", "name"));
        corpus.add(bad("events", "{\"external_id\":\"w-e\",\"name\":[\"n\"],\"time\":1}", "name"));
        for (String time : new String[] {"true", "1.5", "{}"}) {
            corpus.add(
                    bad(
                            "events",
                            "{\"external_id\":\"w-e\",\"name\":\"viewed\",\"time\":" + time + "}",
                            "time must be an ISO-8601 string or epoch milliseconds"));
        }
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"w-e\",\"name\":\"viewed\","
                                + "\"time\":18446744073709551618}",
                        "out of range"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"w-e\",\"name\":\"viewed\","
                                + "\"time\":\"+10000-01-01T00:00:00Z\"}",
                        "four-digit year"));
        corpus.add(bad("events", event + "\"app_id\":5}", "app_id must be a string"));
        corpus.add(bad("events", event + "\"properties\":\"x\"}", "properties must be"));
        corpus.add(
                bad(
                        "events",
                        event + "\"_update_existing_only\":\"no\"}",
                        "_update_existing_only must be true or false"));

        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"w-p\",\"product_id\":5,\"currency\":\"USD\","
                                + "\"price\":1,\"time\":1}",
                        "product_id"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"w-p\",\"product_id\":\"sku\",\"currency\":840,"
                                + "\"price\":1,\"time\":1}",
                        "ISO-4217"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"w-p\",\"product_id\":\"sku\",\"currency\":\"USD\","
                                + "\"price\":[1],\"time\":1}",
                        "numeric price"));
        corpus.add(bad("purchases", purchase + "\"quantity\":\"2\"}", "quantity"));
        corpus.add(bad("purchases", purchase + "\"quantity\":18446744073709551618}", "quantity"));
        corpus.add(bad("purchases", purchase + "\"properties\":1}", "properties must be"));
        corpus.add(bad("purchases", purchase + "\"app_id\":{}}", "app_id must be a string"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"w-p\",\"product_id\":\"sku\",\"currency\":\"USD\","
                                + "\"price\":1,\"time\":[]}",
                        "time must be"));

        corpus.add(bad("aliases", "{\"alias_name\":5,\"alias_label\":\"l\"}", alias));
        corpus.add(bad("aliases", "{\"alias_name\":\"n\",\"alias_label\":[]}", alias));
        corpus.add(
                bad(
                        "aliases",
                        "{\"alias_name\":\"n\",\"alias_label\":\"l\",\"external_id\":5}",
                        "external_id must be a non-empty string"));
        corpus.add(
                bad(
                        "identifies",
                        "{\"external_id\":5,\"alias_name\":\"n\",\"alias_label\":\"l\"}",
                        "identify needs a non-empty string external_id"));
        corpus.add(
                bad(
                        "identifies",
                        "{\"external_id\":\"w-i\",\"user_alias\":\"x\"}",
                        "user_alias must be an object"));
        corpus.add(
                bad(
                        "identifies",
                        "{\"external_id\":\"w-i\",\"alias_name\":\"n\",\"alias_label\":{}}",
                        alias));
        corpus.add(bad("deletes", "{\"external_id\":[]}", identifier));
        corpus.add(bad("deletes", "{\"braze_id\":{}}", identifier));
        corpus.add(bad("deletes", "{\"user_alias\":1}", "user_alias must be an object"));
        return corpus;
    }

    /** Nesting beyond Jackson's default of 1000 levels, and numbers a parser cannot take. */
    private static List<BadRecord> beyondParserLimits() {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        String deepObject = "{\"a\":".repeat(600) + "1" + "}".repeat(600);
        List<BadRecord> corpus = new ArrayList<>();
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"n1\",\"deep\":" + deep + "}",
                        "nested deeper than 500 levels"));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"n2\",\"name\":\"e\",\"time\":1,"
                                + "\"properties\":"
                                + deepObject
                                + "}",
                        "nested deeper than 500 levels"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"n3\",\"preferences\":\"" + deep + "\"}",
                        "pre-formatted field 'preferences' does not hold valid JSON"));
        corpus.add(
                bad(
                        "purchases",
                        "{\"external_id\":\"n4\",\"product_id\":\"sku\",\"currency\":\"USD\","
                                + "\"price\":1"
                                + "0".repeat(1_200)
                                + ",\"time\":1}",
                        "longer than a JSON parser takes"));
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"n5\",\"score\":1e99999999999}",
                        "number too large"));
        return corpus;
    }

    /** Lone surrogates, control characters, a byte order mark and bytes that are not UTF-8. */
    private static List<BadRecord> oddUnicode() {
        String surrogate = "half of a UTF-16 surrogate pair";
        List<BadRecord> corpus = new ArrayList<>();
        corpus.add(
                bad("profiles", "{\"external_id\":\"u1\",\"first_name\":\"\\ud800\"}", surrogate));
        corpus.add(
                bad(
                        "events",
                        "{\"external_id\":\"u2\",\"name\":\"a\\udc00\",\"time\":1}",
                        surrogate));
        // Jackson refuses a lone surrogate in a field name as it reads it; in a string it does not.
        corpus.add(bad("profiles", "{\"external_id\":\"u3\",\"\\ud83d\":1}", "not valid JSON"));
        corpus.add(bad("deletes", "{\"external_id\":\"\\ude00\\ud83d\"}", surrogate));
        corpus.add(
                bad("profiles", "{\"external_id\":\"u4\",\"bio\":\"a\u0000b\"}", "not valid JSON"));
        corpus.add(
                bad("profiles", "{\"external_id\":\"u5\",\"bio\":\"a\u0001b\"}", "not valid JSON"));
        corpus.add(
                new BadRecord(
                        "profiles",
                        concat(
                                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                                "{\"external_id\":\"u6\"}".getBytes(StandardCharsets.UTF_8)),
                        "not valid JSON"));
        int[][] notUtf8 = {
            {0xC0, 0xAF},
            {0xE0, 0x80, 0xAF},
            {0xE2, 0x28, 0xA1},
            {0xED, 0xA0, 0x80},
            {0xF8, 0x88, 0x80, 0x80, 0x80},
            {0x80},
            {0xFF}
        };
        for (int[] sequence : notUtf8) {
            byte[] inner = new byte[sequence.length];
            for (int i = 0; i < sequence.length; i++) {
                inner[i] = (byte) sequence[i];
            }
            corpus.add(
                    new BadRecord(
                            "events",
                            concat(
                                    concat(
                                            "{\"external_id\":\"u7\",\"name\":\"n"
                                                    .getBytes(StandardCharsets.UTF_8),
                                            inner),
                                    "\",\"time\":1}".getBytes(StandardCharsets.UTF_8)),
                            "not valid UTF-8"));
        }
        return corpus;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static BadRecord bad(String sync, String value, String reason) {
        return new BadRecord(sync, value.getBytes(StandardCharsets.UTF_8), reason);
    }
}
