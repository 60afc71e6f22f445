package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the emulator received and did with one request, for tests to inspect. The Authorization
 * header is never kept.
 */
public final class RecordedRequest {

    private final long seq;
    private final String method;
    private final String path;
    private final long receivedAtNanos;
    private final long finishedAtNanos;
    private final int status;
    private final boolean responded;
    private final Fault fault;
    private final JsonNode body;
    private final Map<String, Integer> counts;
    private final Set<String> users;
    private final List<ObjectError> errors;
    private final Map<String, String> responseHeaders;
    private final String responseBody;

    RecordedRequest(
            long seq,
            IncomingRequest request,
            long receivedAtNanos,
            long finishedAtNanos,
            ApiResponse response,
            boolean responded,
            Fault fault,
            Set<String> users) {
        this.seq = seq;
        this.method = request.method();
        this.path = request.path();
        this.receivedAtNanos = receivedAtNanos;
        this.finishedAtNanos = finishedAtNanos;
        this.status = response == null ? 0 : response.status();
        this.responded = responded;
        this.fault = fault;
        this.body = request.body() == null ? null : request.body().deepCopy();
        this.counts = countArrays(body);
        this.users = Set.copyOf(users);
        this.errors = response == null ? List.of() : response.errors();
        this.responseHeaders = response == null ? Map.of() : response.headers();
        this.responseBody = response == null ? null : response.body();
    }

    /** The request's place in arrival order, from 0 (restarting at {@link BrazeEmulator#reset}). */
    public long seq() {
        return seq;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** {@link System#nanoTime()} when the whole request had arrived. */
    public long receivedAtNanos() {
        return receivedAtNanos;
    }

    /**
     * {@link System#nanoTime()} when the emulator was done with the request: just before it
     * answered or closed the connection, or, for a hang, when it decided never to answer.
     */
    public long finishedAtNanos() {
        return finishedAtNanos;
    }

    /**
     * The status the emulator decided on. For {@link Fault#DROP_AFTER_APPLY} the client never saw
     * it; for {@link Fault#HANG} it is 0.
     */
    public int status() {
        return status;
    }

    /** Whether an answer was written to the connection. */
    public boolean responded() {
        return responded;
    }

    /** The fault injected, or null. */
    public Fault fault() {
        return fault;
    }

    /** A copy of the body, or null when it was not one readable JSON object. */
    public JsonNode body() {
        return body == null ? null : body.deepCopy();
    }

    /** How many objects the body's arrays held together. */
    public int objectCount() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** How many objects the body's array of this name held, e.g. {@code count("events")}. */
    public int count(String array) {
        return counts.getOrDefault(array, 0);
    }

    /**
     * The users the body names, as {@code external_id:u1}, {@code alias:label:name}, {@code
     * braze_id:x}, {@code email:..} or {@code phone:..}.
     */
    public Set<String> users() {
        return users;
    }

    /** The objects the answer named as invalid. */
    public List<ObjectError> errors() {
        return errors;
    }

    /** The answer's headers beyond Content-Type and Content-Length. */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    /** The answer's body, or null when there was none. */
    public String responseBody() {
        return responseBody;
    }

    private static Map<String, Integer> countArrays(JsonNode body) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (body != null) {
            for (Map.Entry<String, JsonNode> field : body.properties()) {
                if (field.getValue().isArray()) {
                    counts.put(field.getKey(), field.getValue().size());
                }
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public String toString() {
        return "RecordedRequest{seq="
                + seq
                + ", "
                + method
                + " "
                + path
                + ", status="
                + status
                + ", fault="
                + fault
                + ", objects="
                + objectCount()
                + ", errors="
                + errors.size()
                + "}";
    }
}
