package io.brazesync.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer the emulator sends: status, extra headers, and a JSON body (or, for a failing gateway,
 * plain text).
 *
 * @param status the HTTP status
 * @param headers headers beyond Content-Type and Content-Length
 * @param json the JSON body, or null for a text body
 * @param text the text body when {@code json} is null
 * @param errors the rejected objects named in the body
 */
record ApiResponse(
        int status,
        Map<String, String> headers,
        ObjectNode json,
        String text,
        List<ObjectError> errors) {

    ApiResponse {
        headers = Map.copyOf(headers);
        errors = List.copyOf(errors);
    }

    /** Answers {@code {"message": ...}}. */
    static ApiResponse message(int status, String message) {
        ObjectNode json = Json.object();
        json.put("message", message);
        return new ApiResponse(status, Map.of(), json, null, List.of());
    }

    /** Answers a JSON body, adding the rejected objects as its {@code errors} array. */
    static ApiResponse json(int status, ObjectNode json, List<ObjectError> errors) {
        if (!errors.isEmpty()) {
            ArrayNode array = json.putArray("errors");
            errors.forEach(error -> array.add(error.toJson()));
        }
        return new ApiResponse(status, Map.of(), json, null, errors);
    }

    /** Answers a plain-text body, as a gateway in front of Braze would. */
    static ApiResponse text(int status, String text) {
        return new ApiResponse(status, Map.of(), null, text, List.of());
    }

    ApiResponse withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiResponse(status, merged, json, text, errors);
    }

    String body() {
        return json != null ? Json.write(json) : text;
    }

    String contentType() {
        return json != null ? "application/json; charset=UTF-8" : "text/plain; charset=UTF-8";
    }
}
