package io.brazesync.connector.sink;

/** What the sink does with a batch after Braze answered. */
enum Outcome {
    /** Accepted; records named in {@code errors} (partial success) are dead-lettered. */
    ACCEPTED,
    /**
     * A 2xx whose body is not Braze's JSON (cut short, or a proxy's page): it may or may not have
     * been applied, so back off and send again, at the risk of a duplicate.
     */
    UNREADABLE_SUCCESS,
    /** 400 naming rejected records: dead-letter those, send the unnamed ones again. */
    REJECTED_RECORDS,
    /** 400 "Max Input Length Exceeded": too many objects for the workspace; split. */
    TOO_MANY_OBJECTS,
    /** 413: the body is too large; split. */
    TOO_LARGE,
    /** Another 400 or 4xx about the content: split to find the bad record, then dead-letter. */
    BAD_REQUEST,
    /** 429: wait for the rate-limit reset, then send the same batch again. */
    RATE_LIMITED,
    /** 5xx, 408, a timeout or a connection error: back off and send again. */
    RETRYABLE,
    /** 401, 403, 404 or 415: nothing will work until someone fixes the configuration. */
    FATAL
}
