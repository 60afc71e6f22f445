package io.brazesync.emulator;

/** A fault the emulator injected into one request, as {@link RecordedRequest#fault()} tells. */
public enum Fault {
    /** Answered normally, only late. */
    LATENCY,
    /** Answered 500, 502, 503 or 504 without being applied, like a failing gateway. */
    SERVER_ERROR,
    /** Applied to the state, then the connection was closed without an answer. */
    DROP_AFTER_APPLY,
    /** Never answered and never applied; the connection stayed open. */
    HANG,
    /** Answered 429 without being applied, because a rate-limit storm was on. */
    RATE_LIMIT_STORM,
    /** Answered with a scripted status without being applied. */
    SCRIPTED_STATUS,
    /** Answered 502 with an HTML error page without being applied, like a proxy in front. */
    HTML_ERROR,
    /** Applied, then answered with Braze's status and its JSON body cut in the middle. */
    TRUNCATED_ANSWER,
    /** Answered 200 with an HTML page without being applied, like a captive proxy. */
    HTML_SUCCESS,
    /** Answered 400 with an {@code errors} entry that names no object of the request. */
    ERRORS_NAMING_NO_OBJECT
}
