package io.brazesync.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that a running job makes true, failing with a description if it never does.
 */
public final class Await {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Await() {}

    /** Waits up to 60 seconds for {@code condition}. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
