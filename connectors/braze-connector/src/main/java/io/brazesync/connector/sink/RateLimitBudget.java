package io.brazesync.connector.sink;

import java.util.OptionalLong;

/**
 * One subtask's share of a Braze rate limit, counted in fixed windows and corrected by Braze's
 * {@code X-RateLimit-*} headers.
 *
 * <p>Braze limits a workspace, so each of the sink's parallel subtasks takes an equal share of the
 * limit. The headers say what is really left across the workspace; the budget never assumes more
 * than its share of that, and waits for the reset time when Braze says nothing is left.
 */
final class RateLimitBudget {

    private final long windowMillis;
    private final int parallelism;
    private long share;
    private long windowEndMillis;
    private long used;
    private long blockedUntilMillis;

    RateLimitBudget(long requestsPerWindow, long windowMillis, int parallelism) {
        this.windowMillis = windowMillis;
        this.parallelism = Math.max(1, parallelism);
        this.share = shareOf(requestsPerWindow);
    }

    /** Takes one request from the budget if it has room now. */
    boolean tryAcquire(long nowMillis) {
        roll(nowMillis);
        if (nowMillis < blockedUntilMillis || used >= share) {
            return false;
        }
        used++;
        return true;
    }

    /** Whether a request could be sent now, without taking it. */
    boolean hasRoom(long nowMillis) {
        roll(nowMillis);
        return nowMillis >= blockedUntilMillis && used < share;
    }

    /** The earliest time the budget may have room again. */
    long nextRoomAtMillis(long nowMillis) {
        roll(nowMillis);
        if (nowMillis < blockedUntilMillis) {
            return blockedUntilMillis;
        }
        return used < share ? nowMillis : windowEndMillis;
    }

    /** Applies what Braze's headers said about the workspace's limit. */
    void onHeaders(
            OptionalLong limit, OptionalLong remaining, OptionalLong resetEpochSecond, long now) {
        roll(now);
        if (limit.isPresent() && limit.getAsLong() > 0) {
            share = shareOf(limit.getAsLong());
        }
        if (resetEpochSecond.isPresent()) {
            long resetMillis = resetEpochSecond.getAsLong() * 1000;
            if (resetMillis > now && resetMillis - now <= 2 * windowMillis) {
                windowEndMillis = resetMillis;
            }
        }
        if (remaining.isPresent()) {
            long ourPart = remaining.getAsLong() / parallelism;
            used = Math.max(used, share - ourPart);
            if (remaining.getAsLong() <= 0) {
                blockedUntilMillis = Math.max(blockedUntilMillis, windowEndMillis);
            }
        }
    }

    /** Braze answered 429: send nothing of this family before the reset time. */
    long onRateLimited(OptionalLong resetEpochSecond, long nowMillis) {
        long until =
                resetEpochSecond.isPresent()
                        ? resetEpochSecond.getAsLong() * 1000
                        : nowMillis + windowMillis;
        blockedUntilMillis = Math.max(blockedUntilMillis, Math.max(until, nowMillis + 100));
        used = share;
        windowEndMillis = Math.max(windowEndMillis, blockedUntilMillis);
        return blockedUntilMillis;
    }

    private void roll(long nowMillis) {
        if (nowMillis >= windowEndMillis) {
            windowEndMillis = nowMillis + windowMillis;
            used = 0;
        }
    }

    private long shareOf(long requestsPerWindow) {
        return Math.max(1, requestsPerWindow / parallelism);
    }
}
