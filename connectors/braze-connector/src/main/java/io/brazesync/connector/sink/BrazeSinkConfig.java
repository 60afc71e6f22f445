package io.brazesync.connector.sink;

import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.deadletter.DeadLetterQueueFactory;
import java.io.Serializable;
import java.time.Duration;

/** The settings of a {@link BrazeSink}, fixed when the job is built; holds no secret. */
final class BrazeSinkConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    final String endpoint;
    final ApiKeySource apiKey;
    final TrackCapModel trackCapModel;
    final int trackCap;
    final int identityCap;
    final int maxBodyBytes;
    final Duration linger;
    final int maxInFlightRequests;
    final int maxBufferedRecords;
    final RetryPolicy retryPolicy;
    final Duration requestTimeout;
    final long trackRequestsPerWindow;
    final Duration trackWindow;
    final long identityRequestsPerWindow;
    final Duration identityWindow;
    final DeadLetterQueueFactory deadLetters;

    BrazeSinkConfig(BrazeSinkBuilder b) {
        this.endpoint = b.endpoint;
        this.apiKey = b.apiKey;
        this.trackCapModel = b.trackCapModel;
        this.trackCap = b.trackCap;
        this.identityCap = b.identityCap;
        this.maxBodyBytes = b.maxBodyBytes;
        this.linger = b.linger;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.maxBufferedRecords = b.maxBufferedRecords;
        this.retryPolicy = new RetryPolicy(b.maxAttempts, b.initialBackoff, b.maxBackoff);
        this.requestTimeout = b.requestTimeout;
        this.trackRequestsPerWindow = b.trackRequestsPerWindow;
        this.trackWindow = b.trackWindow;
        this.identityRequestsPerWindow = b.identityRequestsPerWindow;
        this.identityWindow = b.identityWindow;
        this.deadLetters = b.deadLetters;
    }
}
