package io.brazesync.connector.sink;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.client.BrazeEndpointUrl;
import io.brazesync.connector.deadletter.DeadLetterQueueFactory;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Builds a {@link BrazeSink}.
 *
 * <pre>{@code
 * BrazeSink sink = BrazeSink.builder()
 *         .endpoint("https://rest.iad-01.braze.com")
 *         .apiKey(ApiKeySource.fromEnvironment("BRAZE_API_KEY"))
 *         .deadLetters(KafkaDeadLetterQueue.factory("kafka:9092", "braze-dead-letters", Map.of()))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: track cap {@value #DEFAULT_TRACK_CAP} objects in total, other endpoints {@value
 * #DEFAULT_IDENTITY_CAP}, bodies up to 4 MB, linger 200 ms, {@value #DEFAULT_MAX_IN_FLIGHT}
 * requests in flight per subtask, {@value #DEFAULT_MAX_ATTEMPTS} attempts with backoff from 200 ms
 * to 30 s, request timeout 30 s, Braze's published rate limits (3,000 track requests per 3 s,
 * 20,000 identify/alias/delete requests per minute).
 */
@PublicEvolving
public final class BrazeSinkBuilder {

    public static final int DEFAULT_TRACK_CAP = 75;
    public static final int DEFAULT_IDENTITY_CAP = 50;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    public static final int DEFAULT_MAX_BUFFERED = 2000;
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_TRACK_REQUESTS = 3000;
    public static final Duration DEFAULT_TRACK_WINDOW = Duration.ofSeconds(3);
    public static final long DEFAULT_IDENTITY_REQUESTS = 20000;
    public static final Duration DEFAULT_IDENTITY_WINDOW = Duration.ofMinutes(1);

    String endpoint;
    ApiKeySource apiKey;
    TrackCapModel trackCapModel = TrackCapModel.TOTAL;
    int trackCap = DEFAULT_TRACK_CAP;
    int identityCap = DEFAULT_IDENTITY_CAP;
    int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    Duration linger = DEFAULT_LINGER;
    int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT;
    int maxBufferedRecords = DEFAULT_MAX_BUFFERED;
    int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    long trackRequestsPerWindow = DEFAULT_TRACK_REQUESTS;
    Duration trackWindow = DEFAULT_TRACK_WINDOW;
    long identityRequestsPerWindow = DEFAULT_IDENTITY_REQUESTS;
    Duration identityWindow = DEFAULT_IDENTITY_WINDOW;
    DeadLetterQueueFactory deadLetters;

    BrazeSinkBuilder() {}

    /** Braze's REST host for the workspace, such as {@code https://rest.iad-01.braze.com}. */
    public BrazeSinkBuilder endpoint(String endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    public BrazeSinkBuilder apiKey(ApiKeySource apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    /** The {@code /users/track} cap and how Braze counts it for this workspace. */
    public BrazeSinkBuilder trackCap(TrackCapModel model, int cap) {
        this.trackCapModel = checkNotNull(model, "track cap model");
        this.trackCap = cap;
        return this;
    }

    /** The cap of {@code /users/identify}, {@code /users/alias/new} and {@code /users/delete}. */
    public BrazeSinkBuilder identityCap(int cap) {
        this.identityCap = cap;
        return this;
    }

    public BrazeSinkBuilder maxBodyBytes(int bytes) {
        this.maxBodyBytes = bytes;
        return this;
    }

    /** How long a part-filled batch may wait for more records before it is sent. */
    public BrazeSinkBuilder linger(Duration linger) {
        this.linger = linger;
        return this;
    }

    public BrazeSinkBuilder maxInFlightRequests(int requests) {
        this.maxInFlightRequests = requests;
        return this;
    }

    /**
     * How many records a subtask holds before it slows its input down (backpressure): beyond it
     * each record waits up to 200 ms for room, and at twice it the input stops until Braze takes
     * records again.
     */
    public BrazeSinkBuilder maxBufferedRecords(int records) {
        this.maxBufferedRecords = records;
        return this;
    }

    /** Attempts per record for retryable failures before it is dead-lettered. */
    public BrazeSinkBuilder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = checkNotNull(initialBackoff, "initial backoff");
        this.maxBackoff = checkNotNull(maxBackoff, "max backoff");
        return this;
    }

    public BrazeSinkBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** The workspace's {@code /users/track} rate limit, shared by all subtasks. */
    public BrazeSinkBuilder trackRateLimit(long requests, Duration window) {
        this.trackRequestsPerWindow = requests;
        this.trackWindow = window;
        return this;
    }

    /** The workspace's rate limit shared by identify, alias/new and delete. */
    public BrazeSinkBuilder identityRateLimit(long requests, Duration window) {
        this.identityRequestsPerWindow = requests;
        this.identityWindow = window;
        return this;
    }

    public BrazeSinkBuilder deadLetters(DeadLetterQueueFactory deadLetters) {
        this.deadLetters = deadLetters;
        return this;
    }

    public BrazeSink build() {
        BrazeEndpointUrl.check(endpoint);
        checkNotNull(apiKey, "apiKey: set where the Braze API key is read from");
        checkNotNull(deadLetters, "deadLetters: set where rejected records go");
        checkArgument(trackCap >= 1, "track cap must be at least 1, got %s", trackCap);
        checkArgument(identityCap >= 1, "identity cap must be at least 1, got %s", identityCap);
        checkArgument(maxBodyBytes >= 1024, "max body bytes must be at least 1024");
        checkArgument(!linger.isNegative(), "linger must not be negative");
        checkArgument(maxInFlightRequests >= 1, "max in-flight requests must be at least 1");
        checkArgument(
                maxBufferedRecords >= Math.max(trackCap * 3, identityCap),
                "max buffered records must hold at least one full batch of each kind (%s)",
                Math.max(trackCap * 3, identityCap));
        checkArgument(maxAttempts >= 1, "max attempts must be at least 1");
        checkArgument(requestTimeout.toMillis() > 0, "request timeout must be positive");
        checkArgument(
                trackRequestsPerWindow >= 1 && trackWindow.toMillis() > 0,
                "track rate limit must allow at least one request per positive window");
        checkArgument(
                identityRequestsPerWindow >= 1 && identityWindow.toMillis() > 0,
                "identity rate limit must allow at least one request per positive window");
        return new BrazeSink(new BrazeSinkConfig(this));
    }
}
