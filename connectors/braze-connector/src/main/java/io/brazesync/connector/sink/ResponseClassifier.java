package io.brazesync.connector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.connector.client.BrazeResponse;
import io.brazesync.connector.record.BrazeEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads Braze's answer to a request: which {@link Outcome} it is and which records it names. */
final class ResponseClassifier {

    /** The longest text taken from an answer into a message, a log line or a dead letter. */
    static final int MAX_MESSAGE_CHARS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseClassifier() {}

    static Outcome classify(BrazeResponse response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            // A 2xx that is not Braze's JSON may hide an applied request (an answer cut short) or
            // one that never reached Braze (a captive proxy). Sending it again may store an event
            // or a purchase twice; taking it as delivered may lose records without a trace. At
            // least once beats a silent loss.
            return isBrazeAnswer(response) ? Outcome.ACCEPTED : Outcome.UNREADABLE_SUCCESS;
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

    /** Whether the body is Braze's JSON: an object with a {@code message}. */
    static boolean isBrazeAnswer(BrazeResponse response) {
        JsonNode body = parse(response);
        return body != null && body.hasNonNull("message");
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

    /**
     * Braze's {@code message}, or, when the body is not Braze's JSON, its gist in one line: an HTML
     * page's title, or the first line of text. Never longer than {@value #MAX_MESSAGE_CHARS}
     * characters, so no page ends up whole in a log line or a dead letter.
     */
    static String message(BrazeResponse response) {
        JsonNode body = parse(response);
        if (body != null && body.hasNonNull("message")) {
            return shorten(body.get("message").asText());
        }
        return gist(response.body());
    }

    /** What the user must fix after a fatal answer to a request to {@code url}. */
    static String whatToFix(BrazeResponse response, BrazeEndpoint endpoint, String url) {
        String detail =
                isBrazeAnswer(response)
                        ? " (Braze said: " + message(response) + ")"
                        : " (the answer was not Braze's JSON but "
                                + message(response)
                                + ", so a proxy or load balancer may have answered instead)";
        String on = " on POST " + url + ": ";
        switch (response.status()) {
            case 401:
                return "Braze answered 401 Unauthorized"
                        + on
                        + "the API key is wrong, revoked, or belongs to another Braze"
                        + " instance; check the key and that braze.endpoint is your instance's"
                        + " REST host"
                        + detail;
            case 403:
                return "Braze answered 403 Forbidden"
                        + on
                        + "the API key lacks the permission "
                        + permissionFor(endpoint)
                        + "; add it to the key in Braze's dashboard"
                        + detail;
            case 404:
                return "Braze answered 404 Not Found"
                        + on
                        + "braze.endpoint is not a Braze REST host (use e.g."
                        + " https://rest.iad-01.braze.com, without a path)"
                        + detail;
            default:
                return "Braze answered 415 Unsupported Media Type"
                        + on
                        + "the request's Content-Type was refused; a proxy between the job"
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

    /** One short line for a body that is not Braze's JSON. */
    private static String gist(String body) {
        String text = body.strip();
        if (!text.startsWith("<")) {
            int lineEnd = text.indexOf('\n');
            return shorten(lineEnd < 0 ? text : text.substring(0, lineEnd));
        }
        String title = elementText(text, "title");
        if (title == null) {
            title = elementText(text, "h1");
        }
        return title == null || title.isBlank()
                ? "an HTML page"
                : shorten("an HTML page titled \"" + collapseSpaces(title) + "\"");
    }

    /** The text of the first element of this name, tags inside it removed, or null. */
    private static String elementText(String html, String name) {
        String lower = html.toLowerCase(Locale.ROOT);
        int open = lower.indexOf("<" + name);
        int contentStart = open < 0 ? -1 : lower.indexOf('>', open);
        int close = contentStart < 0 ? -1 : lower.indexOf("</" + name, contentStart);
        if (close < 0) {
            return null;
        }
        return html.substring(contentStart + 1, close).replaceAll("<[^>]*>", " ");
    }

    private static String collapseSpaces(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String shorten(String text) {
        String line = collapseSpaces(text);
        return line.length() > MAX_MESSAGE_CHARS
                ? line.substring(0, MAX_MESSAGE_CHARS - 3) + "..."
                : line;
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
