package io.brazesync.connector.record;

import org.apache.flink.annotation.PublicEvolving;

/** A Braze REST endpoint the sink posts to, with the rate-limit family it counts against. */
@PublicEvolving
public enum BrazeEndpoint {
    TRACK("/users/track", RateLimitFamily.TRACK),
    IDENTIFY("/users/identify", RateLimitFamily.IDENTITY),
    ALIAS_NEW("/users/alias/new", RateLimitFamily.IDENTITY),
    DELETE("/users/delete", RateLimitFamily.IDENTITY);

    private final String path;
    private final RateLimitFamily family;

    BrazeEndpoint(String path, RateLimitFamily family) {
        this.path = path;
        this.family = family;
    }

    public String path() {
        return path;
    }

    public RateLimitFamily family() {
        return family;
    }
}
