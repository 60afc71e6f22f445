package io.brazesync.connector.mapping;

import static java.util.stream.Collectors.toList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Inputs for the mapping fuzz test, all drawn from one {@link Random} so that a seed replays them:
 * random bytes, random JSON and mutations of valid records.
 */
final class FuzzInputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Values of every JSON type and of none, as JSON text; some are not valid JSON. */
    static final List<String> ODD_VALUES =
            List.of(
                    "null",
                    "true",
                    "false",
                    "0",
                    "-0",
                    "1",
                    "-1",
                    "2",
                    "100",
                    "101",
                    "0.5",
                    "-1.5",
                    "1.0",
                    "1e3",
                    "1E400",
                    "-1e-400",
                    "9007199254740993",
                    "9223372036854775807",
                    "9223372036854775808",
                    "-9223372036854775809",
                    "18446744073709551618",
                    "123456789012345678901234567890",
                    "1" + "0".repeat(999),
                    "1" + "0".repeat(1200),
                    "1e99999999999",
                    "-1.5E-99999999999",
                    "NaN",
                    "Infinity",
                    "-Infinity",
                    "0x1F",
                    "01",
                    "1.",
                    ".5",
                    "\"\"",
                    "\"NaN\"",
                    "\"-1\"",
                    "\"1e3\"",
                    "\"999999999999999999\"",
                    "\"9999999999999999999\"",
                    "\"1764547200000\"",
                    "\"2026-01-02T03:04:05Z\"",
                    "\"2026-01-02T03:04:05\"",
                    "\"+10000-01-01T00:00:00Z\"",
                    "\"-0001-01-01T00:00:00Z\"",
                    "\"2026-13-01T00:00:00Z\"",
                    "\"1990-02-28\"",
                    "\"1990-02-30\"",
                    "\"NO\"",
                    "\"N\u00d8\"",
                    "\"F\"",
                    "\"eur\"",
                    "\"\u00dfx\"",
                    "\"\uFB00x\"",
                    "\"Zq-9 Wx\"",
                    "\"" + "x".repeat(255) + "\"",
                    "\"" + "x".repeat(256) + "\"",
                    "\"" + "\uD83D\uDE00".repeat(255) + "\"",
                    "\"" + "\uD83D\uDE00".repeat(256) + "\"",
                    "\"\\ud800\"",
                    "\"Lone\\udc00Low9\"",
                    "\"\\ud83d\\ude00\"",
                    "\"\\u0000\"",
                    "\"a\\u0001b\"",
                    "\"a\tb\"",
                    "\"\\uFEFF\"",
                    "\"{\\\"a\\\":1}\"",
                    "\"[1,2]\"",
                    "\"{broken\"",
                    "[]",
                    "{}",
                    "[1,\"Q1x\",null]",
                    "[[1]]",
                    "[{\"a\":1}]",
                    "[{\"a.b\":1}]",
                    "{\"a\":1}",
                    "{\"a.b\":1}",
                    "{\"a\":{\"b c\":1}}",
                    "{\"a\":\"" + "x".repeat(256) + "\"}",
                    "{\"" + "k".repeat(256) + "\":1}",
                    "{\"inc\":\"Zq9x\"}",
                    "{\"inc\":2.5}",
                    "{\"add\":\"Zq9x\"}",
                    "{\"add\":[\"" + "x".repeat(256) + "\"]}",
                    "{\"add\":[{\"a\":1}]}",
                    "{\"$add\":[{\"a\":1}]}",
                    "{\"$add\":[{\"a b\":1}]}",
                    "{\"$update\":[{\"$identifier_key\":\"id\",\"$identifier_value\":1,"
                            + "\"$new_object\":{\"a\":1}}]}",
                    "{\"alias_name\":\"nm-Q1\",\"alias_label\":\"lb-Q1\"}",
                    "{\"alias_name\":5,\"alias_label\":\"lb-Q1\"}",
                    "{\"alias_name\":\"nm-Q1\",\"alias_label\":\"lb-Q1\",\"x\":1}",
                    "{\"time\":1}",
                    "{\"$x\":1}",
                    "{\"event_name\":1}");

    private static final List<String> ODD_STRINGS =
            ODD_VALUES.stream().filter(value -> value.startsWith("\"")).collect(toList());

    /** The fields some mode reads, then operators and names Braze refuses. */
    private static final List<String> KEYS =
            Stream.concat(
                            ValidRecords.FIELDS_READ.stream(),
                            Stream.of(
                                    "inc",
                                    "add",
                                    "remove",
                                    "$add",
                                    "$update",
                                    "event_name",
                                    "$x",
                                    "a.b",
                                    "a b",
                                    "",
                                    "\\ud800",
                                    "\uD83D\uDE00",
                                    "k".repeat(256)))
                    .collect(toList());

    private static final String[] TOKENS = {
        "\"",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\\",
        "\\u",
        "\\ud800",
        "0",
        "-",
        "e",
        " ",
        "\n",
        "null",
        "true",
        "\"x\":1,",
        "\uD83D\uDE00",
        "\u0000",
        "\u001f",
        "\uFEFF"
    };

    /** Byte sequences that are not UTF-8: overlong, bad continuations, surrogates, too long. */
    static final List<byte[]> BROKEN_UTF8 =
            List.of(
                    bytes(0xC3),
                    bytes(0xC3, 0x28),
                    bytes(0x80),
                    bytes(0xBF),
                    bytes(0xC0, 0xAF),
                    bytes(0xC1, 0xBF),
                    bytes(0xE0, 0x80, 0xAF),
                    bytes(0xF0, 0x80, 0x80, 0xAF),
                    bytes(0xE2, 0x28, 0xA1),
                    bytes(0xE2, 0x82),
                    bytes(0xED, 0xA0, 0x80),
                    bytes(0xED, 0xBF, 0xBF),
                    bytes(0xF4, 0x90, 0x80, 0x80),
                    bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
                    bytes(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80),
                    bytes(0xFE),
                    bytes(0xFF));

    static final byte[] BOM = bytes(0xEF, 0xBB, 0xBF);

    private static final int[] DEPTHS = {2, 10, 63, 64, 65, 100, 499, 500, 501, 999, 1000, 1001};

    private final Random random;

    FuzzInputs(Random random) {
        this.random = random;
    }

    /** Bytes of any value, leaning to JSON punctuation, with now and then an opening brace. */
    byte[] randomBytes() {
        int roll = random.nextInt(10);
        int length =
                roll < 3
                        ? random.nextInt(17)
                        : roll < 9 ? 17 + random.nextInt(240) : 257 + random.nextInt(3840);
        byte[] value = new byte[length];
        String punctuation = "{}[]\":,\\ 0123456789.-+eEtrufalsn";
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(20);
            if (kind < 8) {
                value[i] = (byte) punctuation.charAt(random.nextInt(punctuation.length()));
            } else if (kind < 14) {
                value[i] = (byte) (0x20 + random.nextInt(0x5F));
            } else if (kind < 16) {
                value[i] = (byte) random.nextInt(0x20);
            } else {
                value[i] = (byte) (0x80 + random.nextInt(0x80));
            }
        }
        if (length > 0 && random.nextBoolean()) {
            value[0] = '{';
        }
        return value;
    }

    /** A random JSON object over the fields the modes read; one in six is then broken. */
    byte[] randomJson() {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(10) < 9) {
            object(out, 0);
        } else {
            value(out, 0);
        }
        byte[] value = utf8(out.toString());
        return random.nextInt(6) == 0 ? mutateBytes(value) : value;
    }

    /** One to three random changes to a valid record, of its bytes or of its fields. */
    byte[] mutate(String record) {
        byte[] value = utf8(record);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            value = random.nextInt(3) == 0 ? mutateBytes(value) : mutateFields(value);
        }
        return value;
    }

    /**
     * A record with one field's value given as raw JSON text, in place or added at the end.
     *
     * @param record a JSON object
     */
    static byte[] withField(String record, String field, String rawValue) {
        List<String[]> fields = fields(utf8(record));
        String key = quote(field);
        boolean replaced = false;
        for (String[] pair : fields) {
            if (pair[0].equals(key)) {
                pair[1] = rawValue;
                replaced = true;
            }
        }
        if (!replaced) {
            fields.add(new String[] {key, rawValue});
        }
        return utf8(render(fields));
    }

    /** JSON text nested {@code depth} levels deep: arrays, objects, or the two alternating. */
    static String nested(int depth, int kind) {
        StringBuilder out = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            boolean array = kind == 0 || (kind == 2 && i % 2 == 0);
            out.append(array ? "[" : "{\"a\":");
        }
        out.append("1");
        for (int i = depth - 1; i >= 0; i--) {
            boolean array = kind == 0 || (kind == 2 && i % 2 == 0);
            out.append(array ? "]" : "}");
        }
        return out.toString();
    }

    static int[] depths() {
        return DEPTHS.clone();
    }

    private byte[] mutateBytes(byte[] value) {
        switch (random.nextInt(6)) {
            case 0:
                return flip(value);
            case 1:
                return insert(value, utf8(TOKENS[random.nextInt(TOKENS.length)]));
            case 2:
                return delete(value);
            case 3:
                return insertInString(value, BROKEN_UTF8.get(random.nextInt(BROKEN_UTF8.size())));
            case 4:
                return concat(BOM, value);
            default:
                return Arrays.copyOf(value, random.nextInt(value.length + 1));
        }
    }

    private byte[] mutateFields(byte[] value) {
        List<String[]> fields = fields(value);
        if (fields == null) {
            return mutateBytes(value);
        }
        String key = randomField(fields);
        switch (random.nextInt(7)) {
            case 0:
                // A duplicated key, before or after the first; Jackson keeps the last.
                String[] copy = {key, anyValue()};
                fields.add(random.nextInt(fields.size() + 1), copy);
                break;
            case 1:
                set(fields, key, ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
                break;
            case 2:
                set(fields, randomKey(), anyValue());
                break;
            case 3:
                fields.removeIf(pair -> pair[0].equals(key));
                break;
            case 4:
                int depth = DEPTHS[random.nextInt(DEPTHS.length)];
                String deep = nested(depth, random.nextInt(3));
                set(fields, key, random.nextInt(4) == 0 ? quote(deep) : deep);
                break;
            case 5:
                set(fields, key, quote(longText()));
                break;
            default:
                set(fields, key, value(new StringBuilder(), 2).toString());
                break;
        }
        return utf8(render(fields));
    }

    private String randomField(List<String[]> fields) {
        if (fields.isEmpty() || random.nextInt(3) == 0) {
            return quote(
                    ValidRecords.FIELDS_READ.get(random.nextInt(ValidRecords.FIELDS_READ.size())));
        }
        return fields.get(random.nextInt(fields.size()))[0];
    }

    private static void set(List<String[]> fields, String key, String rawValue) {
        for (String[] pair : fields) {
            if (pair[0].equals(key)) {
                pair[1] = rawValue;
                return;
            }
        }
        fields.add(new String[] {key, rawValue});
    }

    private String anyValue() {
        return random.nextBoolean()
                ? ODD_VALUES.get(random.nextInt(ODD_VALUES.size()))
                : value(new StringBuilder(), 1).toString();
    }

    private String longText() {
        int roll = random.nextInt(100);
        int codePoints = roll < 45 ? 255 : roll < 90 ? 256 : roll < 99 ? 2_000 : 20_000;
        String unit = random.nextBoolean() ? "y" : "\uD83D\uDE00";
        return unit.repeat(codePoints);
    }

    private StringBuilder object(StringBuilder out, int depth) {
        out.append('{');
        int fields = random.nextInt(depth == 0 ? 9 : 4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(randomKey()).append(':');
            value(out, depth + 1);
        }
        return out.append('}');
    }

    private StringBuilder value(StringBuilder out, int depth) {
        int kind = random.nextInt(20);
        if (kind < 7) {
            return out.append(random.nextInt(4) == 0 ? oddString() : quote(distinctText()));
        }
        if (kind < 11) {
            return out.append(
                    random.nextBoolean()
                            ? Long.toString(random.nextLong() >> random.nextInt(64))
                            : ODD_VALUES.get(random.nextInt(32)));
        }
        if (kind < 13) {
            return out.append(random.nextBoolean());
        }
        if (kind < 14) {
            return out.append("null");
        }
        if (depth > 5 || kind < 17) {
            return depth > 5 ? out.append("1") : object(out, depth);
        }
        out.append('[');
        int items = random.nextInt(4);
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                out.append(',');
            }
            value(out, depth + 1);
        }
        return out.append(']');
    }

    private String oddString() {
        return ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
    }

    private String randomKey() {
        if (random.nextInt(5) == 0) {
            return quote(distinctText());
        }
        String key = KEYS.get(random.nextInt(KEYS.size()));
        return key.startsWith("\\") ? "\"" + key + "\"" : quote(key);
    }

    /** Text of letters and digits with an upper-case letter and a digit, unlike any reason. */
    private String distinctText() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_ ";
        int length = 2 + random.nextInt(20);
        StringBuilder text = new StringBuilder("Q").append(random.nextInt(10));
        for (int i = 2; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private byte[] flip(byte[] value) {
        if (value.length == 0) {
            return value;
        }
        byte[] flipped = value.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(flipped.length);
            flipped[at] =
                    random.nextBoolean()
                            ? (byte) (flipped[at] ^ (1 << random.nextInt(8)))
                            : (byte) random.nextInt(256);
        }
        return flipped;
    }

    private byte[] insert(byte[] value, byte[] token) {
        int at = random.nextInt(value.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + token.length);
        out.write(value, 0, at);
        out.writeBytes(token);
        out.write(value, at, value.length - at);
        return out.toByteArray();
    }

    private byte[] insertInString(byte[] value, byte[] sequence) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '"') {
                quotes.add(i + 1);
            }
        }
        if (quotes.isEmpty()) {
            return insert(value, sequence);
        }
        int at = quotes.get(random.nextInt(quotes.size()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + sequence.length);
        out.write(value, 0, at);
        out.writeBytes(sequence);
        out.write(value, at, value.length - at);
        return out.toByteArray();
    }

    private byte[] delete(byte[] value) {
        if (value.length == 0) {
            return value;
        }
        int from = random.nextInt(value.length);
        int to = Math.min(value.length, from + 1 + random.nextInt(8));
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length);
        out.write(value, 0, from);
        out.write(value, to, value.length - to);
        return out.toByteArray();
    }

    /** The fields of a JSON object as raw key and value text, or null if it is not one. */
    private static List<String[]> fields(byte[] value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        List<String[]> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            try {
                fields.add(
                        new String[] {
                            quote(field.getKey()), JSON.writeValueAsString(field.getValue())
                        });
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return fields;
    }

    private static String render(List<String[]> fields) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(fields.get(i)[0]).append(':').append(fields.get(i)[1]);
        }
        return out.append('}').toString();
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
