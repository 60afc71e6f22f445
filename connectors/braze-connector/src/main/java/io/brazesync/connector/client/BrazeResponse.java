package io.brazesync.connector.client;

import java.util.OptionalLong;
import org.apache.flink.annotation.Internal;

/** What Braze answered to one request: status, body and rate-limit headers. */
@Internal
public final class BrazeResponse {

    private final int status;
    private final String body;
    private final OptionalLong rateLimit;
    private final OptionalLong rateLimitRemaining;
    private final OptionalLong rateLimitResetEpochSecond;

    public BrazeResponse(
            int status,
            String body,
            OptionalLong rateLimit,
            OptionalLong rateLimitRemaining,
            OptionalLong rateLimitResetEpochSecond) {
        this.status = status;
        this.body = body == null ? "" : body;
        this.rateLimit = rateLimit;
        this.rateLimitRemaining = rateLimitRemaining;
        this.rateLimitResetEpochSecond = rateLimitResetEpochSecond;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public OptionalLong rateLimit() {
        return rateLimit;
    }

    public OptionalLong rateLimitRemaining() {
        return rateLimitRemaining;
    }

    public OptionalLong rateLimitResetEpochSecond() {
        return rateLimitResetEpochSecond;
    }
}
