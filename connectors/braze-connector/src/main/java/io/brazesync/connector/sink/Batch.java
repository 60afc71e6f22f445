package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.RequestKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one Braze request, in the order they entered the sink.
 *
 * <p>A batch keeps its records together across retries, so that Braze's {@code index} in an {@code
 * errors} entry always names the same record.
 */
final class Batch {

    /** The bytes a body adds around its elements: braces, array names, commas. */
    static final int ENVELOPE_BYTES = 64;

    private final RequestKind kind;
    private final List<PendingRecord> records;
    private final Map<BrazeArray, List<PendingRecord>> byArray = new EnumMap<>(BrazeArray.class);
    private final Set<String> users = new LinkedHashSet<>();
    private long dueAtMillis;

    Batch(RequestKind kind, List<PendingRecord> records) {
        this.kind = kind;
        this.records = List.copyOf(records);
        for (PendingRecord record : records) {
            byArray.computeIfAbsent(record.record().array(), a -> new ArrayList<>()).add(record);
            users.add(record.userKey());
        }
    }

    /**
     * Orders batches by the arrival of their oldest record. Two batches that share a user come from
     * splitting one batch, so the lower order holds that user's earlier records.
     */
    long order() {
        return records.get(0).arrival();
    }

    boolean hasUser(String userKey) {
        return users.contains(userKey);
    }

    RequestKind kind() {
        return kind;
    }

    List<PendingRecord> records() {
        return records;
    }

    int size() {
        return records.size();
    }

    /** The batch's users, in the order of their first record. */
    Set<String> users() {
        return Collections.unmodifiableSet(users);
    }

    Map<BrazeArray, Integer> countsPerArray() {
        Map<BrazeArray, Integer> counts = new EnumMap<>(BrazeArray.class);
        byArray.forEach((array, list) -> counts.put(array, list.size()));
        return counts;
    }

    /** The record Braze means by {@code input_array} and {@code index}, or null if none. */
    PendingRecord recordAt(String inputArray, int index) {
        for (Map.Entry<BrazeArray, List<PendingRecord>> entry : byArray.entrySet()) {
            if (entry.getKey().jsonName().equals(inputArray)
                    && index >= 0
                    && index < entry.getValue().size()) {
                return entry.getValue().get(index);
            }
        }
        if (byArray.size() == 1 && inputArray == null && index >= 0 && index < size()) {
            return records.get(index);
        }
        return null;
    }

    /** Two batches of half the records each, for a batch Braze refused as too large. */
    List<Batch> halves() {
        int half = records.size() / 2;
        return List.of(
                new Batch(kind, records.subList(0, half)),
                new Batch(kind, records.subList(half, records.size())));
    }

    int maxAttempts() {
        int max = 0;
        for (PendingRecord record : records) {
            max = Math.max(max, record.attempts());
        }
        return max;
    }

    long dueAtMillis() {
        return dueAtMillis;
    }

    void dueAt(long millis) {
        this.dueAtMillis = millis;
    }

    /** The request body: each array of the batch with its elements, as Braze expects. */
    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimatedBytes());
        out.write('{');
        boolean firstArray = true;
        for (Map.Entry<BrazeArray, List<PendingRecord>> entry : byArray.entrySet()) {
            if (!firstArray) {
                out.write(',');
            }
            firstArray = false;
            out.write('"');
            out.writeBytes(entry.getKey().jsonName().getBytes(StandardCharsets.US_ASCII));
            out.write('"');
            out.write(':');
            out.write('[');
            boolean firstElement = true;
            for (PendingRecord record : entry.getValue()) {
                if (!firstElement) {
                    out.write(',');
                }
                firstElement = false;
                out.writeBytes(record.record().element());
            }
            out.write(']');
        }
        out.write('}');
        return out.toByteArray();
    }

    private int estimatedBytes() {
        int bytes = ENVELOPE_BYTES;
        for (PendingRecord record : records) {
            bytes += record.record().element().length + 1;
        }
        return bytes;
    }
}
