package io.brazesync.emulator;

import static io.brazesync.emulator.BrazeKeys.ALIASES_TO_IDENTIFY;
import static io.brazesync.emulator.BrazeKeys.ATTRIBUTES;
import static io.brazesync.emulator.BrazeKeys.EVENTS;
import static io.brazesync.emulator.BrazeKeys.PURCHASES;
import static io.brazesync.emulator.BrazeKeys.USER_ALIASES;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers one routed request as Braze would: key, budget, permission, request checks, then the
 * objects, of which the valid ones are applied to the state.
 */
final class RequestProcessor {

    private final byte[] expectedAuthorization;
    private final Set<Permission> permissions;
    private final boolean namesRefusedKeys;
    private final Map<RateLimitFamily, RateLimitWindow> windows;
    private final RequestValidator requestValidator;
    private final ObjectValidator objectValidator;
    private final StateModel state;
    private final Clock clock;

    RequestProcessor(EmulatorSettings settings, StateModel state) {
        this.expectedAuthorization = ("Bearer " + settings.apiKey()).getBytes(UTF_8);
        this.permissions = settings.permissions();
        this.namesRefusedKeys = settings.namesRefusedKeys();
        this.windows = new EnumMap<>(RateLimitFamily.class);
        windows.put(
                RateLimitFamily.TRACK,
                new RateLimitWindow(settings.trackRateLimit(), settings.trackRateWindow()));
        windows.put(
                RateLimitFamily.IDENTITY,
                new RateLimitWindow(settings.identityRateLimit(), settings.identityRateWindow()));
        this.requestValidator =
                new RequestValidator(
                        settings.maxBodyBytes(), settings.trackCap(), settings.identityCap());
        this.objectValidator = new ObjectValidator(settings.maxNestedPropertyBytes());
        this.state = state;
        this.clock = settings.clock();
    }

    ApiResponse process(Endpoint endpoint, IncomingRequest request) {
        if (!isAuthorized(request.authorization())) {
            return ApiResponse.message(
                    401,
                    namesRefusedKeys
                            ? "Invalid API key: " + presentedKey(request.authorization())
                            : "Invalid API key: missing or not valid");
        }

        // Every request with a valid key takes from the budget, even one refused below.
        RateLimitWindow.Admission admission =
                windows.get(endpoint.rateLimitFamily()).admit(clock.millis());
        Map<String, String> rateLimitHeaders = admission.headers();

        if (!permissions.contains(endpoint.permission())) {
            return ApiResponse.message(
                            403,
                            "The API key lacks the "
                                    + endpoint.permission().scope()
                                    + " permission")
                    .withHeaders(rateLimitHeaders);
        }
        Optional<ApiResponse> rejection = requestValidator.check(endpoint, request);
        if (rejection.isPresent()) {
            return rejection.get().withHeaders(rateLimitHeaders);
        }
        if (!admission.admitted()) {
            return ApiResponse.message(429, "Rate limit exceeded").withHeaders(rateLimitHeaders);
        }

        ObjectNode body = request.body();
        ApiResponse response =
                switch (endpoint) {
                    case TRACK -> track(body);
                    case IDENTIFY -> identify(body);
                    case ALIAS_NEW -> newAliases(body);
                    case DELETE -> delete(body);
                };
        return response.withHeaders(rateLimitHeaders);
    }

    /** Answers a request whose fault decides the answer; the request is not applied. */
    ApiResponse answerFault(Endpoint endpoint, FaultDecision decision) {
        RateLimitWindow window = windows.get(endpoint.rateLimitFamily());
        if (decision.fault() == Fault.RATE_LIMIT_STORM) {
            long resetSeconds =
                    RateLimitWindow.toEpochSecondsRoundedUp(decision.stormEnd().toEpochMilli());
            return ApiResponse.message(429, "Rate limit exceeded")
                    .withHeaders(
                            new RateLimitWindow.Admission(false, window.limit(), 0, resetSeconds)
                                    .headers());
        }
        if (decision.status() == 429) {
            return ApiResponse.message(429, "Rate limit exceeded")
                    .withHeaders(window.spent(clock.millis()).headers());
        }
        if (decision.fault() == Fault.HTML_ERROR) {
            return ApiResponse.html(decision.status(), ProxyPages.badGateway());
        }
        if (decision.fault() == Fault.HTML_SUCCESS) {
            return ApiResponse.html(decision.status(), ProxyPages.captivePortal());
        }
        if (decision.fault() == Fault.ERRORS_NAMING_NO_OBJECT) {
            return everyObjectInvalid(
                    List.of(new ObjectError("Invalid object", ATTRIBUTES, Integer.MAX_VALUE)));
        }
        String reason = HttpResponseStatus.valueOf(decision.status()).reasonPhrase();
        if (decision.fault() == Fault.SERVER_ERROR) {
            // A failing gateway answers in plain text; a client must not expect JSON on 5xx.
            return ApiResponse.text(decision.status(), decision.status() + " " + reason);
        }
        return ApiResponse.message(decision.status(), reason);
    }

    void resetRateLimits() {
        windows.values().forEach(RateLimitWindow::reset);
    }

    private ApiResponse track(ObjectNode body) {
        List<ObjectError> errors = new ArrayList<>();
        List<JsonNode> attributes =
                validObjects(body, ATTRIBUTES, objectValidator::attributesProblem, errors);
        List<JsonNode> events = validObjects(body, EVENTS, objectValidator::eventProblem, errors);
        List<JsonNode> purchases =
                validObjects(body, PURCHASES, objectValidator::purchaseProblem, errors);
        if (attributes.isEmpty() && events.isEmpty() && purchases.isEmpty()) {
            return everyObjectInvalid(errors);
        }

        state.applyTrack(attributes, events, purchases, hasInvalidNestedAttribute(body));

        ObjectNode json = success();
        putProcessed(json, body, ATTRIBUTES, attributes.size());
        putProcessed(json, body, EVENTS, events.size());
        putProcessed(json, body, PURCHASES, purchases.size());
        return ApiResponse.json(201, json, errors);
    }

    private ApiResponse identify(ObjectNode body) {
        List<ObjectError> errors = new ArrayList<>();
        List<JsonNode> valid =
                validObjects(
                        body, ALIASES_TO_IDENTIFY, objectValidator::aliasToIdentifyProblem, errors);
        if (valid.isEmpty()) {
            return everyObjectInvalid(errors);
        }
        state.applyIdentify(valid);
        return ApiResponse.json(201, success().put("aliases_processed", valid.size()), errors);
    }

    private ApiResponse newAliases(ObjectNode body) {
        List<ObjectError> errors = new ArrayList<>();
        List<JsonNode> valid =
                validObjects(body, USER_ALIASES, objectValidator::newAliasProblem, errors);
        if (valid.isEmpty()) {
            return everyObjectInvalid(errors);
        }
        state.applyNewAliases(valid);
        return ApiResponse.json(201, success().put("aliases_processed", valid.size()), errors);
    }

    private ApiResponse delete(ObjectNode body) {
        String array = RequestValidator.deleteArrayOf(body);
        Function<JsonNode, Optional<String>> check =
                array.equals(USER_ALIASES)
                        ? objectValidator::aliasToDeleteProblem
                        : objectValidator::idToDeleteProblem;
        List<ObjectError> errors = new ArrayList<>();
        List<JsonNode> valid = validObjects(body, array, check, errors);
        if (valid.isEmpty()) {
            return everyObjectInvalid(errors);
        }
        state.applyDelete(array, valid);
        // Like Braze, count the users queued for deletion, whether or not they existed.
        return ApiResponse.json(201, success().put("deleted", valid.size()), errors);
    }

    private static List<JsonNode> validObjects(
            ObjectNode body,
            String array,
            Function<JsonNode, Optional<String>> check,
            List<ObjectError> errors) {
        List<JsonNode> valid = new ArrayList<>();
        JsonNode items = body.path(array);
        for (int index = 0; index < items.size(); index++) {
            Optional<String> problem = check.apply(items.get(index));
            if (problem.isPresent()) {
                errors.add(new ObjectError(problem.get(), array, index));
            } else {
                valid.add(items.get(index));
            }
        }
        return valid;
    }

    private boolean hasInvalidNestedAttribute(ObjectNode body) {
        for (JsonNode object : body.path(ATTRIBUTES)) {
            if (objectValidator.nestedAttributeProblem(object).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static void putProcessed(ObjectNode json, ObjectNode body, String array, int count) {
        JsonNode items = body.get(array);
        if (items != null && items.isArray()) {
            json.put(array + "_processed", count);
        }
    }

    private static ObjectNode success() {
        return Json.object().put("message", "success");
    }

    private static ApiResponse everyObjectInvalid(List<ObjectError> errors) {
        return ApiResponse.json(
                400,
                Json.object().put("message", "Every object in the request is invalid"),
                errors);
    }

    private static String presentedKey(String authorization) {
        if (authorization == null) {
            return "";
        }
        String value = authorization.trim();
        return value.startsWith("Bearer ") ? value.substring("Bearer ".length()) : value;
    }

    private boolean isAuthorized(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(
                        authorization.trim().getBytes(UTF_8), expectedAuthorization);
    }
}
