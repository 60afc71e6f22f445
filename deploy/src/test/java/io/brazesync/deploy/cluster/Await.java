package io.brazesync.deploy.cluster;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition with a deadline, so that a failure ends the test instead of hanging it. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {}

    /**
     * Polls the condition until it is true; fails with the description after the timeout. An
     * exception thrown by the condition counts as false until the last try, whose exception is kept
     * as the cause.
     */
    public static void until(String description, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
                last = null;
            } catch (IllegalStateException e) {
                // A dead process or a fault the condition detected: no point in waiting longer.
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting until " + description, last);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + description, e);
            }
        }
    }
}
