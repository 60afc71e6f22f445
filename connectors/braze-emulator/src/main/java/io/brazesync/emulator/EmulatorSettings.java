package io.brazesync.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The settings an emulator starts with, checked by {@link BrazeEmulatorBuilder}; {@code tls} is
 * null for plain HTTP.
 */
record EmulatorSettings(
        String apiKey,
        Set<Permission> permissions,
        TrackCap trackCap,
        int identityCap,
        int maxBodyBytes,
        int trackRateLimit,
        Duration trackRateWindow,
        int identityRateLimit,
        Duration identityRateWindow,
        int maxNestedPropertyBytes,
        FaultPlan faults,
        Clock clock,
        int port,
        int requestHistoryLimit,
        TlsKeyStore tls,
        boolean namesRefusedKeys) {

    @Override
    public String toString() {
        // Everything but the key, so the settings may be logged.
        return "EmulatorSettings{permissions="
                + permissions
                + ", trackCap="
                + trackCap
                + ", identityCap="
                + identityCap
                + ", maxBodyBytes="
                + maxBodyBytes
                + ", trackRateLimit="
                + trackRateLimit
                + "/"
                + trackRateWindow
                + ", identityRateLimit="
                + identityRateLimit
                + "/"
                + identityRateWindow
                + ", faults="
                + faults
                + ", port="
                + port
                + ", tls="
                + tls
                + ", namesRefusedKeys="
                + namesRefusedKeys
                + "}";
    }
}
