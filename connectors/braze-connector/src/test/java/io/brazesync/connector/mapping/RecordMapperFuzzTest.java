package io.brazesync.connector.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.brazesync.connector.record.RecordOrigin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the record mapping of every mode and track record type tens of thousands of generated
 * inputs, and checks for each that {@code map} returns instead of throwing, and that the result is
 * either valid under Braze's rules (checked by {@link BrazeElementCheck}, not by the mapper's own
 * code) or invalid with a reason that holds none of the input's values.
 *
 * <p>Every input comes from one seed, printed with the failing input's hex. Replay a failure with
 * {@code -Dbraze.fuzz.seed=SEED}; explore with another seed, and {@code -Dbraze.fuzz.scale=N} for N
 * times the inputs.
 */
class RecordMapperFuzzTest {

    private static final long SEED = Long.getLong("braze.fuzz.seed", 0x5EED_B4A2EL);
    private static final int SCALE = Integer.getInteger("braze.fuzz.scale", 1);
    private static final int SHOWN_HEX_BYTES = 2048;

    /** How the fuzz test reads an input, to compare what the mapper made of it. */
    private static final ObjectMapper INPUT_READER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    private static final Set<String> FIELD_NAMES = fieldNames();

    private final RecordMapper mapper = new RecordMapper();

    static Stream<String> syncs() {
        return ValidRecords.SYNCS.keySet().stream();
    }

    static Stream<String> trackSyncs() {
        return syncs().filter(sync -> ValidRecords.SYNCS.get(sync).mode() == Mode.USER_TRACK);
    }

    @Test
    void everyRecordTheFuzzTestMutatesIsValidForItsSync() {
        for (String sync : ValidRecords.SYNCS.keySet()) {
            for (String record : ValidRecords.of(sync)) {
                byte[] value = FuzzInputs.utf8(record);
                MappingResult result = map(sync, value);

                assertThat(result.isValid()).as("%s: %s", sync, result.invalidReason()).isTrue();
                assertThat(problem(sync, value, result)).as("%s: %s", sync, record).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncs")
    void randomBytesNeverMakeTheMappingThrowAndAreRefusedWithAReason(String sync) {
        FuzzInputs inputs = inputs(sync, 1);

        fuzz(sync, "random bytes", 4_000, inputs::randomBytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncs")
    void randomJsonIsMappedWithinBrazeRulesOrRefusedWithAReason(String sync) {
        FuzzInputs inputs = inputs(sync, 2);

        fuzz(sync, "random JSON", 4_000, inputs::randomJson);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncs")
    void mutatedValidRecordsAreMappedWithinBrazeRulesOrRefusedWithAReason(String sync) {
        FuzzInputs inputs = inputs(sync, 3);
        List<String> records = ValidRecords.of(sync);
        Random pick = new Random(SEED + 3);

        fuzz(
                sync,
                "mutated valid records",
                5_000,
                () -> inputs.mutate(records.get(pick.nextInt(records.size()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncs")
    void aValidRecordTruncatedAtAnyLengthIsRefusedWithAReason(String sync) {
        List<byte[]> truncated = new ArrayList<>();
        for (String record : ValidRecords.of(sync)) {
            byte[] value = FuzzInputs.utf8(record);
            for (int length = 0; length < value.length; length++) {
                truncated.add(Arrays.copyOf(value, length));
            }
        }

        List<String> failures = new ArrayList<>();
        for (byte[] value : truncated) {
            MappingResult result = check(sync, value, failures, "truncated", -1);
            if (result != null && result.isValid()) {
                failures.add(describe(sync, "truncated", -1, value, "a truncated record is valid"));
            }
        }

        assertNoFailures(failures, truncated.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncs")
    void aWrongJsonTypeInAnyFieldIsRefusedWithAReasonOrStillObeysBrazeRules(String sync) {
        List<byte[]> inputs = new ArrayList<>();
        for (String record : ValidRecords.of(sync)) {
            for (String field : ValidRecords.FIELDS_READ) {
                for (String value : FuzzInputs.ODD_VALUES) {
                    inputs.add(FuzzInputs.withField(record, field, value));
                }
            }
        }

        runAll(sync, "a wrong type in a field", inputs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncs")
    void nestingThousandsOfLevelsDeepIsRefusedWithAReasonAndNeverOverflowsTheStack(String sync) {
        List<byte[]> inputs = new ArrayList<>();
        String record = ValidRecords.of(sync).get(0);
        for (int depth : new int[] {2_000, 5_000, 50_000}) {
            for (int kind = 0; kind < 3; kind++) {
                String deep = FuzzInputs.nested(depth, kind);
                inputs.add(FuzzInputs.utf8(deep));
                inputs.add(FuzzInputs.withField(record, "deep", deep));
                inputs.add(
                        FuzzInputs.withField(
                                record, ValidRecords.PRE_FORMATTED, FuzzInputs.quote(deep)));
                inputs.add(FuzzInputs.utf8("[".repeat(depth)));
            }
        }
        for (int depth : FuzzInputs.depths()) {
            for (int kind = 0; kind < 3; kind++) {
                String deep = FuzzInputs.nested(depth, kind);
                inputs.add(FuzzInputs.withField(record, "deep", deep));
                inputs.add(FuzzInputs.withField(record, "properties", "{\"p\":" + deep + "}"));
                inputs.add(
                        FuzzInputs.withField(
                                record, ValidRecords.PRE_FORMATTED, FuzzInputs.quote(deep)));
            }
        }

        runAll(sync, "deep nesting", inputs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncs")
    void oddUnicodeAndBrokenUtf8AreRefusedWithAReasonOrKeptWithinBrazeRules(String sync) {
        List<byte[]> inputs = new ArrayList<>();
        String[] texts = {
            "\\ud800",
            "\\udfff",
            "a\\ud800b",
            "\\ude00\\ud83d",
            "\\ud83d\\ude00",
            "\\u0000",
            "\\u0007\\u001b",
            "\uD83D\uDE00",
            "\uFEFF",
            "\u202Eevil",
            "e\u0301",
            "\uFFFF",
            "\uFFFD"
        };
        for (String record : ValidRecords.of(sync)) {
            byte[] value = FuzzInputs.utf8(record);
            inputs.add(FuzzInputs.concat(FuzzInputs.BOM, value));
            for (String text : texts) {
                for (String field : ValidRecords.FIELDS_READ) {
                    inputs.add(FuzzInputs.withField(record, field, "\"" + text + "\""));
                    inputs.add(FuzzInputs.withField(record, field, "\"Q9" + text + "Zz\""));
                }
                inputs.add(FuzzInputs.utf8(record.replace("\":", text + "\":")));
            }
            for (byte[] broken : FuzzInputs.BROKEN_UTF8) {
                for (int at = 0; at <= value.length; at += Math.max(1, value.length / 16)) {
                    inputs.add(spliced(value, at, broken));
                }
            }
            for (char control = 0; control < 0x20; control++) {
                inputs.add(FuzzInputs.withField(record, "note", "\"a" + control + "b\""));
            }
        }

        runAll(sync, "odd Unicode", inputs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trackSyncs")
    void aTrackRecordOverFourMegabytesIsRefusedAndAHugeValidOneIsMapped(String sync) {
        String record = ValidRecords.of(sync).get(0);
        byte[] huge = withManyFields(record, 7_000);
        byte[] over = withManyFields(record, 21_000);

        List<String> failures = new ArrayList<>();
        MappingResult valid = check(sync, huge, failures, "1.5 MB", -1);
        MappingResult tooLarge = check(sync, over, failures, "4.5 MB", -1);

        assertNoFailures(failures, 2);
        assertThat(valid.isValid()).as("%s", valid.invalidReason()).isTrue();
        assertThat(valid.record().element().length).isGreaterThan(1_400_000);
        assertThat(tooLarge.isValid()).isFalse();
        assertThat(tooLarge.invalidReason()).contains("4 MB");
    }

    /** A record with {@code count} more fields of 200 characters each, about 212 bytes a field. */
    private static byte[] withManyFields(String record, int count) {
        StringBuilder fields = new StringBuilder(record.substring(0, record.length() - 1));
        String value = "v".repeat(200);
        for (int i = 0; i < count; i++) {
            fields.append(",\"field_").append(i).append("\":\"").append(value).append('"');
        }
        return FuzzInputs.utf8(fields.append('}').toString());
    }

    private void fuzz(String sync, String generator, int count, Supplier<byte[]> inputs) {
        List<String> failures = new ArrayList<>();
        int total = count * SCALE;
        for (int i = 0; i < total && failures.size() < 5; i++) {
            check(sync, inputs.get(), failures, generator, i);
        }
        assertNoFailures(failures, total);
    }

    private void runAll(String sync, String generator, List<byte[]> inputs) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs.size() && failures.size() < 5; i++) {
            check(sync, inputs.get(i), failures, generator, i);
        }
        assertNoFailures(failures, inputs.size());
    }

    /** Maps one input and records what is wrong with the outcome; returns null if it threw. */
    private MappingResult check(
            String sync, byte[] value, List<String> failures, String generator, int index) {
        MappingResult result;
        try {
            result = map(sync, value);
        } catch (Throwable e) {
            failures.add(describe(sync, generator, index, value, "map threw " + e));
            return null;
        }
        String problem = problem(sync, value, result);
        if (problem != null) {
            failures.add(describe(sync, generator, index, value, problem));
        }
        return result;
    }

    private MappingResult map(String sync, byte[] value) {
        return mapper.map(ValidRecords.SYNCS.get(sync), new RecordOrigin(sync, "cdp", 0, 7, value));
    }

    /** What is wrong with the outcome of mapping {@code value}, or null. */
    private static String problem(String sync, byte[] value, MappingResult result) {
        if (result == null) {
            return "map returned null";
        }
        if (result.origin() == null || result.origin().originalValue() != value) {
            return "the result lost the record's origin or original bytes";
        }
        if (result.isValid()) {
            return BrazeElementCheck.problem(
                    ValidRecords.SYNCS.get(sync), readInput(value), result.record());
        }
        String reason = result.invalidReason();
        if (reason == null || reason.isBlank()) {
            return "invalid without a reason";
        }
        String leaked = InputStrings.of(value).leakedInto(reason, 6, FIELD_NAMES);
        return leaked == null ? null : "the reason holds a value of the record: " + reason;
    }

    /** The input as the fuzz test reads it: strict UTF-8, then JSON; null when it is neither. */
    private static JsonNode readInput(byte[] value) {
        try {
            String text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(value))
                            .toString();
            return INPUT_READER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static FuzzInputs inputs(String sync, int generator) {
        return new FuzzInputs(new Random(seed(sync, generator)));
    }

    private static long seed(String sync, int generator) {
        return SEED * 31 + sync.hashCode() * 7L + generator;
    }

    private static String describe(
            String sync, String generator, int index, byte[] value, String problem) {
        String hex = HexFormat.of().formatHex(value, 0, Math.min(value.length, SHOWN_HEX_BYTES));
        return String.format(
                "%s, %s #%d (seed %d): %s%n  input (%d bytes%s): %s",
                sync,
                generator,
                index,
                SEED,
                problem.length() > 300 ? problem.substring(0, 300) + "..." : problem,
                value.length,
                value.length > SHOWN_HEX_BYTES ? ", first " + SHOWN_HEX_BYTES + " in hex" : "",
                hex);
    }

    private static void assertNoFailures(List<String> failures, int inputs) {
        assertThat(failures)
                .as("failures among %d inputs; replay with -Dbraze.fuzz.seed=%d", inputs, SEED)
                .isEmpty();
    }

    private static byte[] spliced(byte[] value, int at, byte[] inserted) {
        byte[] out = new byte[value.length + inserted.length];
        System.arraycopy(value, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(value, at, out, at + inserted.length, value.length - at);
        return out;
    }

    private static Set<String> fieldNames() {
        Set<String> names = new HashSet<>(ValidRecords.FIELDS_READ);
        names.addAll(ValidRecords.SYNCS.keySet());
        return names;
    }
}
