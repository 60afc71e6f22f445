package io.brazesync.emulator;

import java.time.Duration;
import java.time.Instant;

/**
 * What a fault plan decided for one request: which fault, if any, with what status and delay.
 *
 * @param fault the fault, or null when the request is served normally and on time
 * @param status the status to answer with, for faults that answer without applying
 * @param delay how long to wait before serving or answering
 * @param stormEnd when the rate-limit storm ends, for {@link Fault#RATE_LIMIT_STORM}
 */
record FaultDecision(Fault fault, int status, Duration delay, Instant stormEnd) {

    static final FaultDecision NONE = new FaultDecision(null, 0, Duration.ZERO, null);

    /** Whether the answer is decided by the fault alone, so the request is never applied. */
    boolean answersWithoutApplying() {
        return fault == Fault.SERVER_ERROR
                || fault == Fault.SCRIPTED_STATUS
                || fault == Fault.RATE_LIMIT_STORM
                || fault == Fault.HTML_ERROR
                || fault == Fault.HTML_SUCCESS
                || fault == Fault.ERRORS_NAMING_NO_OBJECT;
    }
}
