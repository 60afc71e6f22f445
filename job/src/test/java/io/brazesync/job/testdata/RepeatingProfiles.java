package io.brazesync.job.testdata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A profile stream as CDPs send it: every user's whole profile, round after round, with a known
 * share of the values the same as in the round before.
 */
public final class RepeatingProfiles {

    /** The records, round by round, keyed by user in {@link #keys}. */
    public final List<byte[]> records = new ArrayList<>();

    public final List<byte[]> keys = new ArrayList<>();

    /** Each user's attributes after the last round. */
    public final Map<String, Map<String, String>> finalAttributes = new HashMap<>();

    /** How many attribute values the stream holds, and how many repeat the last one sent. */
    public long values;

    public long repeated;

    private RepeatingProfiles() {}

    /**
     * @param repeatShare the chance that a value after the first round equals the one before
     */
    public static RepeatingProfiles generate(
            int users, int rounds, int attributes, double repeatShare, long seed) {
        Random random = new Random(seed);
        RepeatingProfiles stream = new RepeatingProfiles();
        for (int round = 0; round < rounds; round++) {
            for (int user = 0; user < users; user++) {
                String id = "u" + user;
                Map<String, String> last =
                        stream.finalAttributes.computeIfAbsent(id, k -> new HashMap<>());
                StringBuilder json = new StringBuilder("{\"external_id\":\"" + id + "\"");
                for (int a = 0; a < attributes; a++) {
                    String name = "a" + a;
                    String value =
                            round > 0 && random.nextDouble() < repeatShare
                                    ? last.get(name)
                                    : "v" + round + "-" + random.nextInt(1000);
                    if (value.equals(last.get(name))) {
                        stream.repeated++;
                    }
                    stream.values++;
                    last.put(name, value);
                    json.append(",\"").append(name).append("\":\"").append(value).append('"');
                }
                stream.records.add(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
                stream.keys.add(id.getBytes(StandardCharsets.UTF_8));
            }
        }
        return stream;
    }
}
