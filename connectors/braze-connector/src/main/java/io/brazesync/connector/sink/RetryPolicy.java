package io.brazesync.connector.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to wait before a failed request is sent again: exponential backoff with
 * jitter, up to a number of attempts after which its records are dead-lettered.
 */
final class RetryPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxAttempts;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;

    RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this.maxAttempts = maxAttempts;
        this.initialBackoffMillis = initialBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
    }

    /** Whether a record that has failed this many times may be sent again. */
    boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }

    /** The wait before the next attempt, half fixed and half random ("equal jitter"). */
    long backoffMillis(int attempts) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        long base = Math.min(maxBackoffMillis, initialBackoffMillis << exponent);
        long half = base / 2;
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }

    /** Jitter added to a wait for a rate-limit reset, so subtasks do not all wake together. */
    long resetJitterMillis() {
        return ThreadLocalRandom.current().nextLong(Math.max(1, initialBackoffMillis / 2));
    }

    int maxAttempts() {
        return maxAttempts;
    }
}
