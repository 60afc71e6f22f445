package io.brazesync.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Builds and starts a {@link BrazeEmulator}; every setting but the API key has Braze's default.
 *
 * <pre>{@code
 * BrazeEmulator emulator = BrazeEmulator.builder()
 *         .apiKey("test-key")
 *         .trackCap(TrackCap.perArray(75))
 *         .trackRateLimit(10, Duration.ofSeconds(3))
 *         .faults(FaultPlan.seeded(7).serverErrors(0.2))
 *         .start();
 * }</pre>
 */
public final class BrazeEmulatorBuilder {

    public static final TrackCap DEFAULT_TRACK_CAP = TrackCap.total(75);
    public static final int DEFAULT_IDENTITY_CAP = 50;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_TRACK_RATE_LIMIT = 3_000;
    public static final Duration DEFAULT_TRACK_RATE_WINDOW = Duration.ofSeconds(3);
    public static final int DEFAULT_IDENTITY_RATE_LIMIT = 20_000;
    public static final Duration DEFAULT_IDENTITY_RATE_WINDOW = Duration.ofMinutes(1);

    /** Braze's docs say 50 KB for array or object event properties; one revision says 100 KB. */
    public static final int DEFAULT_MAX_NESTED_PROPERTY_BYTES = 50 * 1024;

    private String apiKey;
    private Set<Permission> permissions = EnumSet.allOf(Permission.class);
    private TrackCap trackCap = DEFAULT_TRACK_CAP;
    private int identityCap = DEFAULT_IDENTITY_CAP;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int trackRateLimit = DEFAULT_TRACK_RATE_LIMIT;
    private Duration trackRateWindow = DEFAULT_TRACK_RATE_WINDOW;
    private int identityRateLimit = DEFAULT_IDENTITY_RATE_LIMIT;
    private Duration identityRateWindow = DEFAULT_IDENTITY_RATE_WINDOW;
    private int maxNestedPropertyBytes = DEFAULT_MAX_NESTED_PROPERTY_BYTES;
    private FaultPlan faults = FaultPlan.none();
    private Clock clock = Clock.systemUTC();
    private int port;
    private int requestHistoryLimit = Integer.MAX_VALUE;
    private TlsKeyStore tls;
    private boolean namesRefusedKeys;

    BrazeEmulatorBuilder() {}

    /** The key requests must present as {@code Authorization: Bearer <key>}. Required. */
    public BrazeEmulatorBuilder apiKey(String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey must not be null");
        checkArgument(!apiKey.isBlank(), "apiKey must not be blank");
        this.apiKey = apiKey;
        return this;
    }

    /** The permissions the key holds; default all. A missing one answers its endpoint 403. */
    public BrazeEmulatorBuilder permissions(Set<Permission> permissions) {
        Objects.requireNonNull(permissions, "permissions must not be null");
        this.permissions =
                permissions.isEmpty()
                        ? EnumSet.noneOf(Permission.class)
                        : EnumSet.copyOf(permissions);
        return this;
    }

    /** The cap on objects per {@code /users/track} request; default {@code total(75)}. */
    public BrazeEmulatorBuilder trackCap(TrackCap trackCap) {
        this.trackCap = Objects.requireNonNull(trackCap, "trackCap must not be null");
        return this;
    }

    /** The cap on items per identify, alias/new and delete request; default 50. */
    public BrazeEmulatorBuilder identityCap(int identityCap) {
        checkArgument(identityCap >= 1, "identityCap must be at least 1, was " + identityCap);
        this.identityCap = identityCap;
        return this;
    }

    /** The largest body accepted; larger ones are answered 413. Default 4 MiB. */
    public BrazeEmulatorBuilder maxBodyBytes(int maxBodyBytes) {
        checkArgument(maxBodyBytes >= 1, "maxBodyBytes must be at least 1, was " + maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
        return this;
    }

    /** The {@code /users/track} budget of the workspace; default 3,000 per 3 seconds. */
    public BrazeEmulatorBuilder trackRateLimit(int requests, Duration window) {
        checkRateLimit("trackRateLimit", requests, window);
        this.trackRateLimit = requests;
        this.trackRateWindow = window;
        return this;
    }

    /** The budget identify, alias/new and delete share; default 20,000 per minute. */
    public BrazeEmulatorBuilder identityRateLimit(int requests, Duration window) {
        checkRateLimit("identityRateLimit", requests, window);
        this.identityRateLimit = requests;
        this.identityRateWindow = window;
        return this;
    }

    /** The largest array or object an event or purchase property may hold; default 50 KiB. */
    public BrazeEmulatorBuilder maxNestedPropertyBytes(int maxNestedPropertyBytes) {
        checkArgument(
                maxNestedPropertyBytes >= 1,
                "maxNestedPropertyBytes must be at least 1, was " + maxNestedPropertyBytes);
        this.maxNestedPropertyBytes = maxNestedPropertyBytes;
        return this;
    }

    /** The faults to inject from the start; default none. */
    public BrazeEmulatorBuilder faults(FaultPlan faults) {
        this.faults = Objects.requireNonNull(faults, "faults must not be null");
        return this;
    }

    /** The clock of rate-limit windows and storms; default the system clock in UTC. */
    public BrazeEmulatorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        return this;
    }

    /** The loopback port to listen on; default 0, any free port. */
    public BrazeEmulatorBuilder port(int port) {
        checkArgument(port >= 0 && port <= 65_535, "port must be 0 to 65535, was " + port);
        this.port = port;
        return this;
    }

    /** How many requests {@link BrazeEmulator#requests()} keeps, the newest; default all. */
    public BrazeEmulatorBuilder requestHistoryLimit(int requestHistoryLimit) {
        checkArgument(
                requestHistoryLimit >= 0,
                "requestHistoryLimit must not be negative, was " + requestHistoryLimit);
        this.requestHistoryLimit = requestHistoryLimit;
        return this;
    }

    /**
     * Serves HTTPS with the key and certificate of this key store instead of plain HTTP; see {@link
     * TlsKeyStore#selfSigned} for one that no client trusts by default.
     */
    public BrazeEmulatorBuilder tls(TlsKeyStore keyStore) {
        this.tls = Objects.requireNonNull(keyStore, "tls key store must not be null");
        return this;
    }

    /**
     * Whether a 401 names the key it refused, as Braze's answer does; default false, so that no
     * test log shows a key unless a test asks for it.
     */
    public BrazeEmulatorBuilder namesRefusedKeys(boolean namesRefusedKeys) {
        this.namesRefusedKeys = namesRefusedKeys;
        return this;
    }

    /** Binds 127.0.0.1 and starts serving. */
    public BrazeEmulator start() {
        checkArgument(apiKey != null, "apiKey is required");
        return BrazeEmulator.start(
                new EmulatorSettings(
                        apiKey,
                        Set.copyOf(permissions),
                        trackCap,
                        identityCap,
                        maxBodyBytes,
                        trackRateLimit,
                        trackRateWindow,
                        identityRateLimit,
                        identityRateWindow,
                        maxNestedPropertyBytes,
                        faults,
                        clock,
                        port,
                        requestHistoryLimit,
                        tls,
                        namesRefusedKeys));
    }

    private static void checkRateLimit(String setting, int requests, Duration window) {
        Objects.requireNonNull(window, setting + " window must not be null");
        checkArgument(requests >= 1, setting + " requests must be at least 1, was " + requests);
        checkArgument(
                window.toMillis() >= 1, setting + " window must be at least 1 ms, was " + window);
    }

    private static void checkArgument(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
