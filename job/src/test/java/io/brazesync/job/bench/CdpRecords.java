package io.brazesync.job.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated CDP profile records of a typical shape (about 250 bytes, nine attributes). */
final class CdpRecords {

    private static final String[] PLANS = {"free", "basic", "pro", "enterprise"};
    private static final String[] CITIES = {"Oslo", "Lisbon", "Austin", "Lagos", "Lima", "Pune"};

    private CdpRecords() {}

    /** One profile of user {@code user}; {@code version} changes the values that change. */
    static byte[] profile(int user, int version, Random random) {
        String json =
                String.format(
                        "{\"external_id\":\"user-%d\",\"first_name\":\"First%d\","
                                + "\"last_name\":\"Last%d\",\"email\":\"user-%d@example.com\","
                                + "\"plan\":\"%s\",\"home_city\":\"%s\",\"loyalty_points\":%d,"
                                + "\"vip\":%b,\"last_seen\":\"2026-11-%02dT10:00:00Z\","
                                + "\"preferences\":\"{\\\"newsletter\\\":%b}\"}",
                        user,
                        user,
                        user,
                        user,
                        PLANS[random.nextInt(PLANS.length)],
                        CITIES[random.nextInt(CITIES.length)],
                        version * 10 + random.nextInt(10),
                        random.nextBoolean(),
                        1 + version % 28,
                        random.nextBoolean());
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code count} profiles of distinct users, from user {@code firstUser} on. */
    static List<byte[]> distinctProfiles(int firstUser, int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(profile(firstUser + i, 0, random));
        }
        return records;
    }

    /** The key a CDP would give a user's records, so that they share a partition. */
    static byte[] key(int user) {
        return ("user-" + user).getBytes(StandardCharsets.UTF_8);
    }
}
