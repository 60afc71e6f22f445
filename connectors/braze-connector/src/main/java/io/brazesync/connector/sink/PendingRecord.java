package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeRecord;

/** A record the sink has accepted and Braze has not yet acknowledged, with its attempts. */
final class PendingRecord {

    private final BrazeRecord record;
    private int attempts;
    private final boolean restoredFromInFlight;
    private final long acceptedAtMillis;
    private long arrival;

    PendingRecord(
            BrazeRecord record, int attempts, boolean restoredFromInFlight, long acceptedAtMillis) {
        this.record = record;
        this.attempts = attempts;
        this.restoredFromInFlight = restoredFromInFlight;
        this.acceptedAtMillis = acceptedAtMillis;
    }

    BrazeRecord record() {
        return record;
    }

    String userKey() {
        return record.userKey();
    }

    /** How many requests have carried this record and failed in a way that counts. */
    int attempts() {
        return attempts;
    }

    void countAttempt() {
        attempts++;
    }

    /** Whether the record was in a request when the state it was restored from was taken. */
    boolean restoredFromInFlight() {
        return restoredFromInFlight;
    }

    long acceptedAtMillis() {
        return acceptedAtMillis;
    }

    /** The record's place in the subtask's arrival order; set when the buffer takes it. */
    long arrival() {
        return arrival;
    }

    void arrival(long arrival) {
        this.arrival = arrival;
    }
}
