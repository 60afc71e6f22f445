package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.RequestKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The records waiting for a request, in arrival order, and the rules that form batches of them.
 *
 * <p>A record may join a batch only if every earlier record of its user is already in that same
 * batch and no request for its user is under way. So a user's records reach Braze in the order they
 * arrived, across request kinds: a delete never overtakes an earlier track.
 */
final class RecordBuffer {

    private static final RequestKind[] KINDS = RequestKind.values();
    private static final BrazeArray[] ARRAYS = BrazeArray.values();

    private final BatchLimits limits;
    private List<PendingRecord> records = new ArrayList<>();
    private long nextArrival;

    /**
     * How many records each user has waiting here. A user with one, the common case, needs no
     * bookkeeping in a scan; only users with several are tracked, so a scan allocates little.
     */
    private final Map<String, Integer> waitingPerUser = new HashMap<>();

    /** Which records the last {@link #chooseKind} found eligible, for {@link #take} to reuse. */
    private boolean[] eligible = new boolean[0];

    RecordBuffer(BatchLimits limits) {
        this.limits = limits;
    }

    void add(PendingRecord record) {
        record.arrival(nextArrival++);
        records.add(record);
        waitingPerUser.merge(record.userKey(), 1, Integer::sum);
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
        return kind == null ? null : take(kind);
    }

    private RequestKind chooseKind(
            Predicate<String> busy,
            Predicate<RequestKind> sendable,
            long lingerDeadline,
            boolean force) {
        if (eligible.length < records.size()) {
            eligible = new boolean[Math.max(records.size(), eligible.length * 2)];
        }
        int[] eligibleCount = new int[KINDS.length];
        int[] eligiblePerArray = new int[ARRAYS.length];
        long[] oldest = new long[KINDS.length];
        Map<String, RequestKind> prefixKind = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            PendingRecord record = records.get(i);
            RequestKind kind = record.record().requestKind();
            eligible[i] = isEligible(record, kind, busy, prefixKind);
            if (!eligible[i]) {
                continue;
            }
            if (eligibleCount[kind.ordinal()]++ == 0) {
                oldest[kind.ordinal()] = record.acceptedAtMillis();
            }
            eligiblePerArray[record.record().array().ordinal()]++;
        }
        RequestKind due = null;
        long dueOldest = Long.MAX_VALUE;
        for (RequestKind kind : KINDS) {
            if (eligibleCount[kind.ordinal()] == 0) {
                continue;
            }
            long kindOldest = oldest[kind.ordinal()];
            int largestArray = 0;
            for (BrazeArray array : ARRAYS) {
                if (array.requestKind() == kind) {
                    largestArray = Math.max(largestArray, eligiblePerArray[array.ordinal()]);
                }
            }
            boolean full = limits.isFull(kind, eligibleCount[kind.ordinal()], largestArray);
            boolean lingered = kindOldest <= lingerDeadline;
            if ((full || lingered || force) && sendable.test(kind) && kindOldest < dueOldest) {
                due = kind;
                dueOldest = kindOldest;
            }
        }
        return due;
    }

    /** Takes what fits of the eligible records of {@code kind}, as the last scan found them. */
    private Batch take(RequestKind kind) {
        List<PendingRecord> taken = new ArrayList<>();
        List<PendingRecord> remaining = new ArrayList<>(records.size());
        Set<String> leftBehind = new HashSet<>();
        Map<BrazeArray, Integer> perArray = new EnumMap<>(BrazeArray.class);
        int bodyBytes = Batch.ENVELOPE_BYTES;
        for (int i = 0; i < records.size(); i++) {
            PendingRecord record = records.get(i);
            if (eligible[i] && record.record().requestKind() == kind) {
                String user = record.userKey();
                BrazeArray array = record.record().array();
                int extra = record.record().element().length + 1;
                boolean behindAnother = waitingPerUser.get(user) > 1 && leftBehind.contains(user);
                if (!behindAnother
                        && limits.fits(
                                kind,
                                taken.size(),
                                perArray.getOrDefault(array, 0),
                                bodyBytes,
                                extra)) {
                    taken.add(record);
                    perArray.merge(array, 1, Integer::sum);
                    bodyBytes += extra;
                    continue;
                }
                if (waitingPerUser.get(user) > 1) {
                    // This user's later records must wait behind the one that did not fit.
                    leftBehind.add(user);
                }
            }
            remaining.add(record);
        }
        if (taken.isEmpty()) {
            return null;
        }
        for (PendingRecord record : taken) {
            waitingPerUser.computeIfPresent(record.userKey(), (u, n) -> n > 1 ? n - 1 : null);
        }
        records = remaining;
        return new Batch(kind, taken);
    }

    /**
     * Whether the record can join a batch of its kind: its user is idle and all of the user's
     * earlier waiting records are of the same kind. Tracks, per user with several records, the kind
     * of that prefix.
     */
    private boolean isEligible(
            PendingRecord record,
            RequestKind kind,
            Predicate<String> busy,
            Map<String, RequestKind> prefixKind) {
        String user = record.userKey();
        if (waitingPerUser.get(user) == 1) {
            return !busy.test(user);
        }
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
