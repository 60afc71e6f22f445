package io.brazesync.connector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.connector.client.BrazeResponse;
import io.brazesync.connector.record.BrazeEndpoint;
import java.util.ArrayList;
import java.util.List;

/** Reads Braze's answer to a request: which {@link Outcome} it is and which records it names. */
final class ResponseClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseClassifier() {}

    static Outcome classify(BrazeResponse response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return Outcome.ACCEPTED;
        }
        switch (status) {
            case 401:
            case 403:
            case 404:
            case 415:
                return Outcome.FATAL;
            case 408:
                return Outcome.RETRYABLE;
            case 413:
                return Outcome.TOO_LARGE;
            case 429:
                return Outcome.RATE_LIMITED;
            default:
                break;
        }
        if (status >= 500) {
            return Outcome.RETRYABLE;
        }
        if (status == 400 && message(response).toLowerCase().contains("max input length")) {
            return Outcome.TOO_MANY_OBJECTS;
        }
        if (status == 400 && !errors(response).isEmpty()) {
            return Outcome.REJECTED_RECORDS;
        }
        return Outcome.BAD_REQUEST;
    }

    /** The {@code errors} entries of a body: {@code type}, {@code input_array}, {@code index}. */
    static List<RejectedObject> errors(BrazeResponse response) {
        JsonNode body = parse(response);
        List<RejectedObject> rejected = new ArrayList<>();
        if (body == null || !body.path("errors").isArray()) {
            return rejected;
        }
        for (JsonNode error : body.get("errors")) {
            if (error.path("index").canConvertToInt()) {
                rejected.add(
                        new RejectedObject(
                                error.path("type").asText("rejected by Braze"),
                                error.hasNonNull("input_array")
                                        ? error.get("input_array").asText()
                                        : null,
                                error.get("index").asInt()));
            }
        }
        return rejected;
    }

    /** Braze's {@code message}, or the start of the body when it is not Braze's JSON. */
    static String message(BrazeResponse response) {
        JsonNode body = parse(response);
        if (body != null && body.hasNonNull("message")) {
            return body.get("message").asText();
        }
        String text = response.body().strip();
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /** What the user must fix after a fatal answer. */
    static String whatToFix(BrazeResponse response, BrazeEndpoint endpoint) {
        String detail = " (Braze said: " + message(response) + ")";
        switch (response.status()) {
            case 401:
                return "Braze answered 401 Unauthorized on "
                        + endpoint.path()
                        + ": the API key is wrong, revoked, or belongs to another Braze"
                        + " instance; check the key and that braze.endpoint is your instance's"
                        + " REST host"
                        + detail;
            case 403:
                return "Braze answered 403 Forbidden on "
                        + endpoint.path()
                        + ": the API key lacks the permission "
                        + permissionFor(endpoint)
                        + "; add it to the key in Braze's dashboard"
                        + detail;
            case 404:
                return "Braze answered 404 Not Found on "
                        + endpoint.path()
                        + ": braze.endpoint is not a Braze REST host (use e.g."
                        + " https://rest.iad-01.braze.com, without a path)"
                        + detail;
            default:
                return "Braze answered 415 Unsupported Media Type on "
                        + endpoint.path()
                        + ": the request's Content-Type was refused; a proxy between the job"
                        + " and Braze may be rewriting it"
                        + detail;
        }
    }

    private static String permissionFor(BrazeEndpoint endpoint) {
        switch (endpoint) {
            case TRACK:
                return "users.track";
            case IDENTIFY:
                return "users.identify";
            case ALIAS_NEW:
                return "users.alias.new";
            default:
                return "users.delete";
        }
    }

    private static JsonNode parse(BrazeResponse response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** One entry of Braze's {@code errors} array. */
    static final class RejectedObject {
        final String type;
        final String inputArray;
        final int index;

        RejectedObject(String type, String inputArray, int index) {
            this.type = type;
            this.inputArray = inputArray;
            this.index = index;
        }
    }
}
