package io.brazesync.connector.sink;

import java.util.OptionalLong;

/**
 * One subtask's share of a Braze rate limit, spent at an even pace and corrected by Braze's {@code
 * X-RateLimit-*} headers.
 *
 * <p>Braze limits a workspace per window whose start it does not tell ({@code X-RateLimit-Reset} is
 * in whole seconds), and all of the sink's parallel subtasks share that limit. A subtask that spent
 * its share in a burst could straddle two of Braze's windows and be refused; one that waited for
 * the announced reset would lose up to a second per window. So each subtask spends its share
 * evenly, a little below the limit, which keeps every window of Braze's within it, and lets only a
 * small burst build up while it is idle. When the headers say the workspace has nothing left, or
 * Braze answers 429, the family waits for the reset.
 */
final class RateLimitBudget {

    /** The share of the limit the pace aims at; the rest absorbs clock and window skew. */
    static final double PACE = 0.99;

    private final long windowMillis;
    private final int parallelism;
    private double intervalMillis;
    private double capacity;
    private double available;
    private long refilledAtMillis = Long.MIN_VALUE;
    private long blockedUntilMillis;

    RateLimitBudget(long requestsPerWindow, long windowMillis, int parallelism) {
        this.windowMillis = windowMillis;
        this.parallelism = Math.max(1, parallelism);
        setLimit(requestsPerWindow);
        this.available = capacity;
    }

    /** Takes one request from the budget if it has room now. */
    boolean tryAcquire(long nowMillis) {
        if (!hasRoom(nowMillis)) {
            return false;
        }
        available -= 1;
        return true;
    }

    /** Whether a request could be sent now, without taking it. */
    boolean hasRoom(long nowMillis) {
        refill(nowMillis);
        return nowMillis >= blockedUntilMillis && available >= 1;
    }

    /** The earliest time the budget may have room again. */
    long nextRoomAtMillis(long nowMillis) {
        refill(nowMillis);
        if (nowMillis < blockedUntilMillis) {
            return blockedUntilMillis;
        }
        if (available >= 1) {
            return nowMillis;
        }
        return nowMillis + (long) Math.ceil((1 - available) * intervalMillis);
    }

    /** Applies what Braze's headers said about the workspace's limit. */
    void onHeaders(
            OptionalLong limit, OptionalLong remaining, OptionalLong resetEpochSecond, long now) {
        refill(now);
        if (limit.isPresent() && limit.getAsLong() > 0) {
            setLimit(limit.getAsLong());
        }
        if (remaining.isPresent() && remaining.getAsLong() <= 0) {
            // Spent, by this job or by other clients of the workspace: wait for the reset. A low
            // but positive count is no reason to slow down, since the pace already keeps each
            // window below the limit; should others spend it first, a 429 says so.
            available = 0;
            blockedUntilMillis = Math.max(blockedUntilMillis, resetMillis(resetEpochSecond, now));
        }
    }

    /** Braze answered 429: send nothing of this family before the reset time. */
    long onRateLimited(OptionalLong resetEpochSecond, long nowMillis) {
        refill(nowMillis);
        blockedUntilMillis =
                Math.max(
                        blockedUntilMillis,
                        Math.max(resetMillis(resetEpochSecond, nowMillis), nowMillis + 100));
        available = 0;
        return blockedUntilMillis;
    }

    private long resetMillis(OptionalLong resetEpochSecond, long nowMillis) {
        return resetEpochSecond.isPresent()
                ? resetEpochSecond.getAsLong() * 1000
                : nowMillis + windowMillis;
    }

    private void setLimit(long requestsPerWindow) {
        double share = (double) requestsPerWindow / parallelism;
        // One request fewer than the pace allows, because a window can catch one more than its
        // length holds intervals; that matters only where a subtask's share is small.
        intervalMillis = windowMillis / Math.max(1, share * PACE - 1);
        // A burst no larger than half the margin the pace leaves, and at least one request.
        capacity = Math.max(1, Math.floor(share * (1 - PACE) / 2));
        available = Math.min(available, capacity);
    }

    private void refill(long nowMillis) {
        if (refilledAtMillis != Long.MIN_VALUE && nowMillis > refilledAtMillis) {
            available += (nowMillis - refilledAtMillis) / intervalMillis;
            if (available > capacity) {
                // Cap the burst, but keep the part of a request that accrued: sends happen on
                // whole milliseconds, and dropping that part would slow a busy pace down.
                available = capacity + (available - Math.floor(available));
            }
        }
        refilledAtMillis = Math.max(refilledAtMillis, nowMillis);
    }
}
