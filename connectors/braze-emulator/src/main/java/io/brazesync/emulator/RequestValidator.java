package io.brazesync.emulator;

import static io.brazesync.emulator.BrazeKeys.ALIASES_TO_IDENTIFY;
import static io.brazesync.emulator.BrazeKeys.ATTRIBUTES;
import static io.brazesync.emulator.BrazeKeys.BRAZE_IDS;
import static io.brazesync.emulator.BrazeKeys.EVENTS;
import static io.brazesync.emulator.BrazeKeys.EXTERNAL_IDS;
import static io.brazesync.emulator.BrazeKeys.PURCHASES;
import static io.brazesync.emulator.BrazeKeys.USER_ALIASES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a request as a whole, in Braze's order: Content-Type, body size, JSON, the shape of the
 * body, then the per-request cap. A request failing any of them is answered without touching any of
 * its objects.
 */
final class RequestValidator {

    static final String MAX_INPUT_LENGTH_EXCEEDED = "Max Input Length Exceeded";

    private static final List<String> TRACK_ARRAYS = List.of(ATTRIBUTES, EVENTS, PURCHASES);
    private static final List<String> DELETE_ARRAYS =
            List.of(EXTERNAL_IDS, BRAZE_IDS, USER_ALIASES);

    private final int maxBodyBytes;
    private final TrackCap trackCap;
    private final int identityCap;

    RequestValidator(int maxBodyBytes, TrackCap trackCap, int identityCap) {
        this.maxBodyBytes = maxBodyBytes;
        this.trackCap = trackCap;
        this.identityCap = identityCap;
    }

    /** Returns the answer for a request that fails a check, or empty when it passes them all. */
    Optional<ApiResponse> check(Endpoint endpoint, IncomingRequest request) {
        if (!isJson(request.contentType())) {
            return reject(415, "Content-Type must be application/json");
        }
        if (request.bodyBytes() > maxBodyBytes) {
            return reject(413, "Request body is larger than " + maxBodyBytes + " bytes");
        }
        ObjectNode body = request.body();
        if (body == null) {
            return reject(400, "Invalid JSON: the body must be one JSON object");
        }
        return switch (endpoint) {
            case TRACK -> checkTrack(body);
            case IDENTIFY -> checkIdentify(body);
            case ALIAS_NEW -> checkIdentityArray(body, USER_ALIASES);
            case DELETE -> checkDelete(body);
        };
    }

    /** The one identifier array of a delete request that passed {@link #check}. */
    static String deleteArrayOf(JsonNode body) {
        return presentKeys(body, DELETE_ARRAYS).get(0);
    }

    private Optional<ApiResponse> checkTrack(ObjectNode body) {
        int[] sizes = new int[TRACK_ARRAYS.size()];
        for (int i = 0; i < sizes.length; i++) {
            JsonNode array = body.get(TRACK_ARRAYS.get(i));
            if (isAbsent(array)) {
                continue;
            }
            if (!array.isArray()) {
                return reject(400, "'" + TRACK_ARRAYS.get(i) + "' must be an array");
            }
            sizes[i] = array.size();
        }
        if (sizes[0] + sizes[1] + sizes[2] == 0) {
            return reject(400, "The request needs at least one attribute, event or purchase");
        }
        if (trackCap.isExceededBy(sizes[0], sizes[1], sizes[2])) {
            return reject(400, MAX_INPUT_LENGTH_EXCEEDED);
        }
        return Optional.empty();
    }

    private Optional<ApiResponse> checkIdentify(ObjectNode body) {
        if (isAbsent(body.get(ALIASES_TO_IDENTIFY))
                && (body.has("emails_to_identify") || body.has("phone_numbers_to_identify"))) {
            return reject(
                    400,
                    "The emulator supports only aliases_to_identify, not emails_to_identify or"
                            + " phone_numbers_to_identify");
        }
        return checkIdentityArray(body, ALIASES_TO_IDENTIFY);
    }

    private Optional<ApiResponse> checkDelete(ObjectNode body) {
        if (presentKeys(body, DELETE_ARRAYS).size() != 1) {
            return reject(400, "Give exactly one of external_ids, braze_ids or user_aliases");
        }
        return checkIdentityArray(body, deleteArrayOf(body));
    }

    private Optional<ApiResponse> checkIdentityArray(ObjectNode body, String key) {
        JsonNode array = body.get(key);
        if (isAbsent(array) || !array.isArray() || array.isEmpty()) {
            return reject(400, "'" + key + "' must be a non-empty array");
        }
        if (array.size() > identityCap) {
            return reject(400, MAX_INPUT_LENGTH_EXCEEDED);
        }
        return Optional.empty();
    }

    private static List<String> presentKeys(JsonNode body, List<String> keys) {
        List<String> present = new ArrayList<>();
        for (String key : keys) {
            if (!isAbsent(body.get(key))) {
                present.add(key);
            }
        }
        return present;
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json");
    }

    private static Optional<ApiResponse> reject(int status, String message) {
        return Optional.of(ApiResponse.message(status, message));
    }
}
