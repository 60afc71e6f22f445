package io.brazesync.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fixed rate-limit window of one budget, shared by every connection, as Braze shares it by every
 * parallel subtask of a job.
 *
 * <p>Braze does not document whether its windows are fixed or sliding. A fixed window that opens
 * with the first request after the previous one ended is the harsher case for a client: a burst at
 * the end of one window and another at the start of the next both pass.
 */
final class RateLimitWindow {

    static final String LIMIT_HEADER = "X-RateLimit-Limit";
    static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    static final String RESET_HEADER = "X-RateLimit-Reset";

    private final int limit;
    private final long lengthMillis;

    private long windowEndMillis = Long.MIN_VALUE;
    private int used;

    RateLimitWindow(int limit, Duration length) {
        this.limit = limit;
        this.lengthMillis = length.toMillis();
    }

    /** Takes one request from the budget if any is left; either way tells what is left. */
    synchronized Admission admit(long nowMillis) {
        rollOver(nowMillis);
        boolean admitted = used < limit;
        if (admitted) {
            used++;
        }
        return new Admission(
                admitted, limit, limit - used, toEpochSecondsRoundedUp(windowEndMillis));
    }

    /** Tells the budget's state without taking from it, as if it were spent. */
    synchronized Admission spent(long nowMillis) {
        rollOver(nowMillis);
        return new Admission(false, limit, 0, toEpochSecondsRoundedUp(windowEndMillis));
    }

    int limit() {
        return limit;
    }

    synchronized void reset() {
        windowEndMillis = Long.MIN_VALUE;
        used = 0;
    }

    private void rollOver(long nowMillis) {
        if (nowMillis >= windowEndMillis) {
            windowEndMillis = nowMillis + lengthMillis;
            used = 0;
        }
    }

    static long toEpochSecondsRoundedUp(long epochMillis) {
        return Math.floorDiv(epochMillis + 999, 1000);
    }

    /** The outcome of asking the budget for one request, and the headers that report it. */
    record Admission(boolean admitted, int limit, int remaining, long resetEpochSeconds) {

        Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(LIMIT_HEADER, Integer.toString(limit));
            headers.put(REMAINING_HEADER, Integer.toString(remaining));
            headers.put(RESET_HEADER, Long.toString(resetEpochSeconds));
            return headers;
        }
    }
}
