package io.brazesync.emulator;

import java.time.Instant;

/** A fault plan as installed: counted from the request that arrived first after installing it. */
record InstalledFaults(FaultPlan plan, long firstSeq, Instant installedAt) {

    FaultDecision decide(long seq, Instant now) {
        return plan.decide(seq - firstSeq, installedAt, now);
    }
}
