package io.brazesync.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer the emulator sends: status, extra headers, and a JSON body (or, for a failing gateway
 * or a proxy, text or HTML).
 *
 * @param status the HTTP status
 * @param headers headers beyond Content-Type and Content-Length
 * @param json the JSON body, or null for a text body
 * @param text the text body when {@code json} is null
 * @param contentType the Content-Type header
 * @param errors the rejected objects named in the body
 */
record ApiResponse(
        int status,
        Map<String, String> headers,
        ObjectNode json,
        String text,
        String contentType,
        List<ObjectError> errors) {

    private static final String JSON_TYPE = "application/json; charset=UTF-8";

    ApiResponse {
        headers = Map.copyOf(headers);
        errors = List.copyOf(errors);
    }

    /** Answers {@code {"message": ...}}. */
    static ApiResponse message(int status, String message) {
        ObjectNode json = Json.object();
        json.put("message", message);
        return new ApiResponse(status, Map.of(), json, null, JSON_TYPE, List.of());
    }

    /** Answers a JSON body, adding the rejected objects as its {@code errors} array. */
    static ApiResponse json(int status, ObjectNode json, List<ObjectError> errors) {
        if (!errors.isEmpty()) {
            ArrayNode array = json.putArray("errors");
            errors.forEach(error -> array.add(error.toJson()));
        }
        return new ApiResponse(status, Map.of(), json, null, JSON_TYPE, errors);
    }

    /** Answers a plain-text body, as a gateway in front of Braze would. */
    static ApiResponse text(int status, String text) {
        return new ApiResponse(
                status, Map.of(), null, text, "text/plain; charset=UTF-8", List.of());
    }

    /** Answers an HTML page, as a proxy or load balancer in front of Braze would. */
    static ApiResponse html(int status, String page) {
        return new ApiResponse(status, Map.of(), null, page, "text/html; charset=UTF-8", List.of());
    }

    ApiResponse withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiResponse(status, merged, json, text, contentType, errors);
    }

    /** The same answer with only the first half of its body, under the same Content-Type. */
    ApiResponse cutInTheMiddle() {
        String whole = body();
        return new ApiResponse(
                status, headers, null, whole.substring(0, whole.length() / 2), contentType, errors);
    }

    String body() {
        return json != null ? Json.write(json) : text;
    }
}
