package io.brazesync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Numbers requests in arrival order and keeps what happened to each, oldest first. */
final class RequestJournal {

    private final AtomicLong nextSeq = new AtomicLong();
    private final int historyLimit;
    private final TreeMap<Long, RecordedRequest> records = new TreeMap<>();

    /** Keeps at most {@code historyLimit} requests, forgetting the oldest, so long runs fit. */
    RequestJournal(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    long nextSeq() {
        return nextSeq.getAndIncrement();
    }

    /** The seq the next request will get. */
    long peekSeq() {
        return nextSeq.get();
    }

    synchronized void record(RecordedRequest request) {
        records.put(request.seq(), request);
        while (records.size() > historyLimit) {
            records.pollFirstEntry();
        }
    }

    synchronized List<RecordedRequest> requests() {
        return new ArrayList<>(records.values());
    }

    synchronized void clear() {
        records.clear();
        nextSeq.set(0);
    }
}
