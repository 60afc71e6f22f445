package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.RequestKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The records waiting for a request, in arrival order, and the rules that form batches of them.
 *
 * <p>A record may join a batch only if every earlier record of its user is already in that same
 * batch and no request for its user is under way. So a user's records reach Braze in the order they
 * arrived, across request kinds: a delete never overtakes an earlier track.
 */
final class RecordBuffer {

    private final BatchLimits limits;
    private List<PendingRecord> records = new ArrayList<>();
    private long nextArrival;

    RecordBuffer(BatchLimits limits) {
        this.limits = limits;
    }

    void add(PendingRecord record) {
        record.arrival(nextArrival++);
        records.add(record);
    }

    int size() {
        return records.size();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    List<PendingRecord> records() {
        return records;
    }

    /** The time the oldest waiting record arrived, or {@code Long.MAX_VALUE} if none waits. */
    long oldestAcceptedAtMillis() {
        return records.isEmpty() ? Long.MAX_VALUE : records.get(0).acceptedAtMillis();
    }

    /**
     * Takes the next batch worth sending, or returns null.
     *
     * @param busy whether a user has a request under way or waiting for a retry
     * @param sendable whether a request kind may be sent now (its rate budget has room)
     * @param lingerDeadline records accepted at or before this time are due even in a part batch
     * @param force send a part batch even when nothing is due (end of input, full buffer)
     */
    Batch takeBatch(
            Predicate<String> busy,
            Predicate<RequestKind> sendable,
            long lingerDeadline,
            boolean force) {
        RequestKind kind = chooseKind(busy, sendable, lingerDeadline, force);
        return kind == null ? null : take(kind, busy);
    }

    private RequestKind chooseKind(
            Predicate<String> busy,
            Predicate<RequestKind> sendable,
            long lingerDeadline,
            boolean force) {
        Map<RequestKind, Integer> eligible = new EnumMap<>(RequestKind.class);
        Map<BrazeArray, Integer> eligiblePerArray = new EnumMap<>(BrazeArray.class);
        Map<RequestKind, Long> oldest = new EnumMap<>(RequestKind.class);
        Map<String, RequestKind> prefixKind = new HashMap<>();
        for (PendingRecord record : records) {
            RequestKind kind = record.record().requestKind();
            if (!isEligible(record, kind, busy, prefixKind)) {
                continue;
            }
            eligible.merge(kind, 1, Integer::sum);
            eligiblePerArray.merge(record.record().array(), 1, Integer::sum);
            oldest.putIfAbsent(kind, record.acceptedAtMillis());
        }
        RequestKind due = null;
        long dueOldest = Long.MAX_VALUE;
        for (Map.Entry<RequestKind, Integer> entry : eligible.entrySet()) {
            RequestKind kind = entry.getKey();
            long kindOldest = oldest.get(kind);
            int largestArray = 0;
            for (Map.Entry<BrazeArray, Integer> array : eligiblePerArray.entrySet()) {
                if (array.getKey().requestKind() == kind) {
                    largestArray = Math.max(largestArray, array.getValue());
                }
            }
            boolean full = limits.isFull(kind, entry.getValue(), largestArray);
            boolean lingered = kindOldest <= lingerDeadline;
            if ((full || lingered || force) && sendable.test(kind) && kindOldest < dueOldest) {
                due = kind;
                dueOldest = kindOldest;
            }
        }
        return due;
    }

    private Batch take(RequestKind kind, Predicate<String> busy) {
        List<PendingRecord> taken = new ArrayList<>();
        List<PendingRecord> remaining = new ArrayList<>(records.size());
        Map<String, RequestKind> prefixKind = new HashMap<>();
        Map<BrazeArray, Integer> perArray = new EnumMap<>(BrazeArray.class);
        int bodyBytes = Batch.ENVELOPE_BYTES;
        for (PendingRecord record : records) {
            RequestKind recordKind = record.record().requestKind();
            boolean eligible = isEligible(record, recordKind, busy, prefixKind);
            if (eligible && recordKind == kind) {
                BrazeArray array = record.record().array();
                int extra = record.record().element().length + 1;
                if (limits.fits(
                        kind, taken.size(), perArray.getOrDefault(array, 0), bodyBytes, extra)) {
                    taken.add(record);
                    perArray.merge(array, 1, Integer::sum);
                    bodyBytes += extra;
                    continue;
                }
                // This user's later records must wait behind the one that did not fit.
                prefixKind.put(record.userKey(), null);
            }
            remaining.add(record);
        }
        if (taken.isEmpty()) {
            return null;
        }
        records = remaining;
        return new Batch(kind, taken);
    }

    /**
     * Whether the record can join a batch of its kind: its user is idle and all of the user's
     * earlier waiting records are of the same kind. Tracks, per user, the kind of that prefix.
     */
    private static boolean isEligible(
            PendingRecord record,
            RequestKind kind,
            Predicate<String> busy,
            Map<String, RequestKind> prefixKind) {
        String user = record.userKey();
        if (!prefixKind.containsKey(user)) {
            if (busy.test(user)) {
                prefixKind.put(user, null);
                return false;
            }
            prefixKind.put(user, kind);
            return true;
        }
        RequestKind prefix = prefixKind.get(user);
        if (prefix != kind) {
            prefixKind.put(user, null);
            return false;
        }
        return true;
    }
}
