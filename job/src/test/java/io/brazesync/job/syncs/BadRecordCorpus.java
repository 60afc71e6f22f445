package io.brazesync.job.syncs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        String huge = "\"" + "x".repeat(110 * 1024) + "\"";

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
        corpus.add(
                bad(
                        "profiles",
                        "{\"external_id\":\"b9\",\"history\":{\"notes\":" + huge + "}}",
                        "100 KB"));
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
        return corpus;
    }

    private static BadRecord bad(String sync, String value, String reason) {
        return new BadRecord(sync, value.getBytes(StandardCharsets.UTF_8), reason);
    }
}
