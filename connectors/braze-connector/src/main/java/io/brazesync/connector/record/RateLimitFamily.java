package io.brazesync.connector.record;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A group of endpoints that share one Braze rate limit: {@code /users/track} on its own, and
 * identify, alias/new and delete together.
 */
@PublicEvolving
public enum RateLimitFamily {
    TRACK,
    IDENTITY
}
