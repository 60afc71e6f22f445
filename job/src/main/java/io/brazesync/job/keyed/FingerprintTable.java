package io.brazesync.job.keyed;

import java.util.Arrays;

/**
 * One user's attribute fingerprints as a compact table of three longs per attribute: the name's
 * fingerprint, the value's fingerprint, and the parent attribute's name (32 bits, 0 for a top-level
 * attribute) with the second the value was sent (32 bits).
 *
 * <p>An entry older than the time-to-live reads as absent, so a value is sent again at least that
 * often even while the user's other attributes keep changing. The table is a working copy: read it
 * from state, filter one record against it, and store {@link #toState()} if it {@link #changed()}.
 */
final class FingerprintTable implements FingerprintStore {

    private static final int WIDTH = 3;
    private static final long[] EMPTY = new long[0];

    private long[] entries;
    private int size;
    private int nestedEntries;
    private long expiryTimerAt;
    private final long nowSecond;
    private final long ttlSeconds;
    private boolean changed;

    private FingerprintTable(long[] stored, long nowMillis, long ttlMillis) {
        if (stored == null || stored.length == 0) {
            this.entries = EMPTY;
            this.expiryTimerAt = Long.MIN_VALUE;
        } else {
            this.entries = Arrays.copyOfRange(stored, 1, stored.length);
            this.expiryTimerAt = stored[0];
        }
        this.size = this.entries.length / WIDTH;
        for (int at = 0; at < size; at++) {
            nestedEntries += isNested(at) ? 1 : 0;
        }
        this.nowSecond = nowMillis / 1000;
        this.ttlSeconds = Math.max(1, ttlMillis / 1000);
    }

    /** A working copy of the stored table ({@code null} for a user with none). */
    static FingerprintTable of(long[] stored, long nowMillis, long ttlMillis) {
        return new FingerprintTable(stored, nowMillis, ttlMillis);
    }

    @Override
    public Long get(String path) {
        int at = find(Fingerprint.ofName(path));
        if (at < 0 || nowSecond - sentAtSecond(at) >= ttlSeconds) {
            return null;
        }
        return entries[at * WIDTH + 1];
    }

    @Override
    public void put(String path, long fingerprint) {
        long name = Fingerprint.ofName(path);
        int at = find(name);
        if (at < 0) {
            nestedEntries += parentOf(path) != 0 ? 1 : 0;
            at = size++;
            if (entries.length < size * WIDTH) {
                entries = Arrays.copyOf(entries, Math.max(4, size * 2) * WIDTH);
            }
            entries[at * WIDTH] = name;
        }
        entries[at * WIDTH + 1] = fingerprint;
        entries[at * WIDTH + 2] = ((long) parentOf(path) << 32) | (nowSecond & 0xffffffffL);
        changed = true;
    }

    @Override
    public void remove(String path) {
        int at = find(Fingerprint.ofName(path));
        if (at >= 0) {
            removeAt(at);
        }
    }

    @Override
    public void removeNested(String attribute) {
        if (nestedEntries == 0) {
            return;
        }
        int parent = parentName(attribute);
        for (int at = size - 1; at >= 0; at--) {
            if ((int) (entries[at * WIDTH + 2] >>> 32) == parent) {
                removeAt(at);
            }
        }
    }

    boolean changed() {
        return changed;
    }

    /** When the user's expiry timer fires, or {@code Long.MIN_VALUE} if none is set. */
    long expiryTimerAt() {
        return expiryTimerAt;
    }

    void expiryTimerAt(long millis) {
        expiryTimerAt = millis;
        changed = true;
    }

    /** When the newest entry reaches its time-to-live, in milliseconds; the user's whole table. */
    long expiresAtMillis() {
        long newest = Long.MIN_VALUE;
        for (int at = 0; at < size; at++) {
            newest = Math.max(newest, sentAtSecond(at));
        }
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE : (newest + ttlSeconds) * 1000;
    }

    /** The table to store, without the entries whose time-to-live has passed; null if empty. */
    long[] toState() {
        for (int at = size - 1; at >= 0; at--) {
            if (nowSecond - sentAtSecond(at) >= ttlSeconds) {
                removeAt(at);
            }
        }
        if (size == 0) {
            return null;
        }
        long[] stored = new long[1 + size * WIDTH];
        stored[0] = expiryTimerAt;
        System.arraycopy(entries, 0, stored, 1, size * WIDTH);
        return stored;
    }

    private int find(long name) {
        for (int at = 0; at < size; at++) {
            if (entries[at * WIDTH] == name) {
                return at;
            }
        }
        return -1;
    }

    private long sentAtSecond(int at) {
        return entries[at * WIDTH + 2] & 0xffffffffL;
    }

    private boolean isNested(int at) {
        return (int) (entries[at * WIDTH + 2] >>> 32) != 0;
    }

    private void removeAt(int at) {
        nestedEntries -= isNested(at) ? 1 : 0;
        int last = size - 1;
        if (at != last) {
            System.arraycopy(entries, last * WIDTH, entries, at * WIDTH, WIDTH);
        }
        size--;
        changed = true;
    }

    /** The parent's 32-bit name of a nested path; 0 for a top-level attribute. */
    private static int parentOf(String path) {
        int separator = path.indexOf(AttributeChanges.NESTED);
        return separator < 0 ? 0 : parentName(path.substring(0, separator));
    }

    private static int parentName(String attribute) {
        return (int) Fingerprint.ofName(attribute) | 1;
    }
}
