package io.brazesync.job.config;

import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.sink.TrackCapModel;
import java.time.Duration;

/** The Braze side of the job: where to send, how to find the key, caps, budgets and retries. */
public record BrazeSettings(
        String endpoint,
        ApiKeySource apiKey,
        TrackCapModel trackCapModel,
        int trackCap,
        int identityCap,
        int maxBodyBytes,
        Duration linger,
        int maxInFlightRequests,
        int maxBufferedRecords,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration requestTimeout,
        long trackRequestsPerWindow,
        Duration trackWindow,
        long identityRequestsPerWindow,
        Duration identityWindow) {}
