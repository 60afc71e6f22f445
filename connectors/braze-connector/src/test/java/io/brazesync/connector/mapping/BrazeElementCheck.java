package io.brazesync.connector.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a mapped element against Braze's rules as {@code braze-contract.md} states them. Written
 * apart from {@link BrazeRules}, so that the fuzz test does not trust the code it tests.
 */
final class BrazeElementCheck {

    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final int MAX_CHARS = 255;
    private static final int MAX_NESTED_ATTRIBUTE_BYTES = 100 * 1024;
    private static final int MAX_NESTED_PROPERTY_BYTES = 50 * 1024;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-.*");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> GENDERS = Set.of("M", "F", "O", "N", "P");
    private static final Set<String> FLAGS = Set.of("_update_existing_only", "_merge_objects");
    private static final List<String> PRIMARY = List.of("external_id", "braze_id", "user_alias");
    private static final List<String> CONTACT = List.of("email", "phone");

    /** A parser with Jackson's default limits, as a Braze-side reader of the body might have. */
    private static final ObjectMapper READER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    private BrazeElementCheck() {}

    /**
     * The first rule the valid result breaks, or null.
     *
     * @param input the record as the fuzz test parsed it, to compare converted fields with
     */
    static String problem(SyncSettings sync, JsonNode input, BrazeRecord record) {
        if (input == null || !input.isObject()) {
            return "a valid result from an input that is not a JSON object";
        }
        if (record.userKey().isEmpty()) {
            return "empty user key";
        }
        BrazeArray expected = expectedArray(sync, record);
        if (record.array() != expected) {
            return "array " + record.array() + " where " + expected + " was expected";
        }
        byte[] element = record.element();
        String array = record.array().jsonName();
        if (element.length + array.length() + 8 > MAX_BODY_BYTES) {
            return "a request of this one element is over 4 MB";
        }
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(element))
                            .toString();
        } catch (CharacterCodingException e) {
            return "element is not valid UTF-8";
        }
        JsonNode node;
        try {
            node = READER.readTree("{\"" + array + "\":[" + text + "]}").get(array).get(0);
        } catch (JsonProcessingException e) {
            return "a request body of this element is not readable JSON: " + e.getOriginalMessage();
        }
        String surrogate = loneSurrogate(node);
        if (surrogate != null) {
            return surrogate;
        }
        switch (sync.mode()) {
            case USER_TRACK:
                return track(sync.trackRecordType(), node, input);
            case USER_NEW_ALIAS:
                return newAlias(node);
            case USER_IDENTIFY:
                return identify(node);
            case USER_DELETE:
            default:
                return delete(record.array(), node);
        }
    }

    private static BrazeArray expectedArray(SyncSettings sync, BrazeRecord record) {
        switch (sync.mode()) {
            case USER_TRACK:
                switch (sync.trackRecordType()) {
                    case CUSTOM_EVENTS:
                        return BrazeArray.EVENTS;
                    case PURCHASES:
                        return BrazeArray.PURCHASES;
                    default:
                        return BrazeArray.ATTRIBUTES;
                }
            case USER_NEW_ALIAS:
                return BrazeArray.USER_ALIASES;
            case USER_IDENTIFY:
                return BrazeArray.ALIASES_TO_IDENTIFY;
            default:
                Set<BrazeArray> deletes =
                        Set.of(
                                BrazeArray.EXTERNAL_IDS,
                                BrazeArray.BRAZE_IDS,
                                BrazeArray.DELETE_USER_ALIASES);
                return deletes.contains(record.array()) ? record.array() : BrazeArray.EXTERNAL_IDS;
        }
    }

    private static String track(TrackRecordType type, JsonNode element, JsonNode input) {
        if (!element.isObject()) {
            return "track element is not an object";
        }
        boolean attributes = type == TrackRecordType.USER_PROFILE_ATTRIBUTES;
        List<String> identifiers = identifiers(element, attributes);
        if (identifiers.size() != 1) {
            return "a track object needs exactly one identifier, has " + identifiers;
        }
        String identifier = identifiers.get(0);
        String idProblem = identifierValue(identifier, element.get(identifier));
        if (idProblem != null) {
            return idProblem;
        }
        switch (type) {
            case CUSTOM_EVENTS:
                return event(element, input, identifier);
            case PURCHASES:
                return purchase(element, input, identifier);
            default:
                return attributes(element, identifier);
        }
    }

    /**
     * The identifier keys of a track object. In an attributes object, email and phone are plain
     * attributes when a primary identifier is present, and the first of them identifies otherwise.
     */
    private static List<String> identifiers(JsonNode element, boolean attributes) {
        List<String> found = new ArrayList<>();
        for (String key : PRIMARY) {
            if (element.hasNonNull(key)) {
                found.add(key);
            }
        }
        if (attributes && !found.isEmpty()) {
            return found;
        }
        for (String key : CONTACT) {
            if (element.hasNonNull(key)) {
                found.add(key);
                if (attributes) {
                    break;
                }
            }
        }
        return found;
    }

    private static String identifierValue(String key, JsonNode value) {
        if (key.equals("user_alias")) {
            return alias(value);
        }
        return nonEmptyText(value) ? null : key + " is not a non-empty string";
    }

    private static String alias(JsonNode alias) {
        if (alias == null || !alias.isObject()) {
            return "user_alias is not an object";
        }
        if (!nonEmptyText(alias.get("alias_name")) || !nonEmptyText(alias.get("alias_label"))) {
            return "alias without non-empty string alias_name and alias_label";
        }
        if (alias.size() != 2) {
            return "alias with fields other than alias_name and alias_label";
        }
        return null;
    }

    private static String attributes(JsonNode element, String identifier) {
        for (Map.Entry<String, JsonNode> field : element.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals(identifier)) {
                continue;
            }
            if (FLAGS.contains(key)) {
                if (!value.isBoolean()) {
                    return key + " is not a boolean";
                }
                continue;
            }
            if (key.isEmpty() || tooLong(key)) {
                return "attribute name of " + key.length() + " characters";
            }
            String problem = attribute(key, value);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String attribute(String key, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        String standard = standardAttribute(key, value);
        if (standard != null) {
            return standard;
        }
        if (value.isTextual()) {
            return tooLong(value.asText()) ? "attribute string over 255 characters" : null;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (item.isTextual() && tooLong(item.asText())) {
                    return "attribute array item over 255 characters";
                }
                if (item.isContainerNode()) {
                    String nested = nested(item);
                    if (nested != null) {
                        return nested;
                    }
                }
            }
            return null;
        }
        if (value.isObject()) {
            String operator = operator(value);
            if (operator != null) {
                return operator.isEmpty() ? null : operator;
            }
            String nested = nested(value);
            if (nested != null) {
                return nested;
            }
            if (bytes(value) > MAX_NESTED_ATTRIBUTE_BYTES) {
                return "nested attribute over 100 KB";
            }
        }
        return null;
    }

    private static String standardAttribute(String key, JsonNode value) {
        switch (key) {
            case "dob":
                if (!value.isTextual() || !DATE.matcher(value.asText()).matches()) {
                    return "dob is not YYYY-MM-DD";
                }
                try {
                    LocalDate.parse(value.asText());
                    return null;
                } catch (DateTimeParseException e) {
                    return "dob is not a date";
                }
            case "country":
                return value.isTextual() && COUNTRY.matcher(value.asText()).matches()
                        ? null
                        : "country is not two letters";
            case "gender":
                return value.isTextual() && GENDERS.contains(value.asText())
                        ? null
                        : "gender is not one of M F O N P";
            default:
                return null;
        }
    }

    /**
     * For an attribute operator object, its problem, or "" when it is a valid one; null when the
     * object is not an operator but a nested attribute.
     */
    private static String operator(JsonNode value) {
        if (value.size() != 1) {
            return null;
        }
        String name = value.fieldNames().next();
        JsonNode operand = value.get(name);
        switch (name) {
            case "inc":
                return operand.isNumber() ? "" : "inc without a number";
            case "add":
            case "remove":
                if (!operand.isArray()) {
                    return name + " without an array";
                }
                for (JsonNode item : operand) {
                    if (item.isContainerNode() || item.isNull()) {
                        return name + " of a value that is not a string, number or boolean";
                    }
                    if (item.isTextual() && tooLong(item.asText())) {
                        return name + " of a string over 255 characters";
                    }
                }
                return "";
            case "$add":
            case "$remove":
            case "$update":
                if (!operand.isArray()) {
                    return name + " without an array";
                }
                for (JsonNode item : operand) {
                    if (!item.isObject()) {
                        return name + " of an item that is not an object";
                    }
                    JsonNode object = name.equals("$update") ? item.get("$new_object") : item;
                    String nested = name.equals("$remove") ? null : nestedOrNull(object);
                    if (nested != null) {
                        return nested;
                    }
                }
                return bytes(value) > MAX_NESTED_ATTRIBUTE_BYTES ? name + " over 100 KB" : "";
            default:
                return null;
        }
    }

    private static String nestedOrNull(JsonNode node) {
        return node == null ? null : nested(node);
    }

    /** Keys of nested attributes: 1 to 255 characters without '.', '$' or a space; strings too. */
    private static String nested(JsonNode node) {
        if (node.isTextual()) {
            return tooLong(node.asText()) ? "nested string over 255 characters" : null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.isEmpty()
                    || tooLong(key)
                    || key.contains(".")
                    || key.contains("$")
                    || key.contains(" ")) {
                return "nested key that is empty, too long, or holds '.', '$' or a space";
            }
            String inner = nested(field.getValue());
            if (inner != null) {
                return inner;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                String inner = nested(item);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static String event(JsonNode element, JsonNode input, String identifier) {
        Set<String> allowed =
                Set.of(identifier, "name", "time", "app_id", "properties", "_update_existing_only");
        String keys = onlyKeys(element, allowed);
        if (keys != null) {
            return keys;
        }
        JsonNode name = element.get("name");
        if (!nonEmptyText(name) || tooLong(name.asText())) {
            return "event name is not a string of 1 to 255 characters";
        }
        return common(element, input);
    }

    private static String purchase(JsonNode element, JsonNode input, String identifier) {
        Set<String> allowed =
                Set.of(
                        identifier,
                        "product_id",
                        "currency",
                        "price",
                        "quantity",
                        "time",
                        "app_id",
                        "properties",
                        "_update_existing_only");
        String keys = onlyKeys(element, allowed);
        if (keys != null) {
            return keys;
        }
        JsonNode productId = element.get("product_id");
        if (!nonEmptyText(productId) || tooLong(productId.asText())) {
            return "product_id is not a string of 1 to 255 characters";
        }
        JsonNode currency = element.get("currency");
        if (currency == null || !currency.isTextual()) {
            return "currency is not a string";
        }
        if (!CURRENCY.matcher(currency.asText()).matches()) {
            return "currency is not three upper-case letters";
        }
        JsonNode price = element.get("price");
        if (price == null || !price.isNumber()) {
            return "price is not a number";
        }
        JsonNode quantity = element.get("quantity");
        if (quantity != null) {
            if (!quantity.isIntegralNumber()) {
                return "quantity is not a whole number";
            }
            BigInteger value = quantity.bigIntegerValue();
            if (value.compareTo(BigInteger.ONE) < 0
                    || value.compareTo(BigInteger.valueOf(100)) > 0) {
                return "quantity outside 1..100";
            }
        }
        return common(element, input);
    }

    /** What events and purchases share: time, app_id, the flag and properties. */
    private static String common(JsonNode element, JsonNode input) {
        String time = time(element.get("time"), input.get("time"));
        if (time != null) {
            return time;
        }
        JsonNode appId = element.get("app_id");
        if (appId != null && !appId.isTextual()) {
            return "app_id is not a string";
        }
        JsonNode flag = element.get("_update_existing_only");
        if (flag != null && !flag.isBoolean()) {
            return "_update_existing_only is not a boolean";
        }
        JsonNode properties = element.get("properties");
        if (properties == null || !properties.isObject()) {
            return "properties is not an object";
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            String key = property.getKey();
            if (key.isEmpty() || tooLong(key)) {
                return "property key of " + key.length() + " characters";
            }
            if (key.startsWith("$") || key.equals("time") || key.equals("event_name")) {
                return "property key that starts with '$' or is reserved";
            }
            JsonNode value = property.getValue();
            if (value.isContainerNode() && bytes(value) > MAX_NESTED_PROPERTY_BYTES) {
                return "nested property over 50 KB";
            }
        }
        return null;
    }

    /**
     * The time is ISO-8601 with a four-digit year; epoch milliseconds are converted exactly and an
     * ISO-8601 text is kept as given.
     */
    private static String time(JsonNode time, JsonNode given) {
        if (given == null) {
            return "a time from a record without one";
        }
        if (time == null || !time.isTextual()) {
            return "time is not a string";
        }
        String text = time.asText();
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(text);
        } catch (DateTimeParseException e) {
            return "time is not ISO-8601";
        }
        if (!FOUR_DIGIT_YEAR.matcher(text).matches()) {
            return "time does not start with a four-digit year";
        }
        BigInteger millis = null;
        if (given.isIntegralNumber()) {
            millis = given.bigIntegerValue();
        } else if (given.isTextual() && DIGITS.matcher(given.asText()).matches()) {
            millis = new BigInteger(given.asText());
        } else if (given.isTextual()) {
            return text.equals(given.asText()) ? null : "an ISO-8601 time was not kept as given";
        } else {
            return "time " + given.getNodeType() + " was taken";
        }
        if (millis.compareTo(LONG_MIN) < 0 || millis.compareTo(LONG_MAX) > 0) {
            return "epoch milliseconds outside a long were taken";
        }
        String expected = Instant.ofEpochMilli(millis.longValue()).toString();
        return text.equals(expected) ? null : "epoch milliseconds were converted to another time";
    }

    private static String newAlias(JsonNode element) {
        if (!element.isObject()) {
            return "alias element is not an object";
        }
        JsonNode externalId = element.get("external_id");
        if (externalId != null && !nonEmptyText(externalId)) {
            return "external_id is not a non-empty string";
        }
        String keys = onlyKeys(element, Set.of("alias_name", "alias_label", "external_id"));
        if (keys != null) {
            return keys;
        }
        if (!nonEmptyText(element.get("alias_name")) || !nonEmptyText(element.get("alias_label"))) {
            return "alias without non-empty string alias_name and alias_label";
        }
        return null;
    }

    private static String identify(JsonNode element) {
        if (!element.isObject()) {
            return "identify element is not an object";
        }
        String keys = onlyKeys(element, Set.of("external_id", "user_alias"));
        if (keys != null) {
            return keys;
        }
        if (!nonEmptyText(element.get("external_id"))) {
            return "external_id is not a non-empty string";
        }
        return alias(element.get("user_alias"));
    }

    private static String delete(BrazeArray array, JsonNode element) {
        if (array == BrazeArray.DELETE_USER_ALIASES) {
            return alias(element);
        }
        return nonEmptyText(element) ? null : "delete identifier is not a non-empty string";
    }

    private static String onlyKeys(JsonNode element, Set<String> allowed) {
        for (Iterator<String> keys = element.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                return "unexpected top-level key of " + key.length() + " characters";
            }
        }
        return null;
    }

    /** A key or string holding half of a UTF-16 surrogate pair is not Unicode text. */
    private static String loneSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return hasLoneSurrogate(node.asText()) ? "a string with a lone surrogate" : null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (hasLoneSurrogate(field.getKey())) {
                return "a key with a lone surrogate";
            }
            String inner = loneSurrogate(field.getValue());
            if (inner != null) {
                return inner;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                String inner = loneSurrogate(item);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty();
    }

    private static boolean tooLong(String text) {
        return text.codePointCount(0, text.length()) > MAX_CHARS;
    }

    private static int bytes(JsonNode node) {
        try {
            return READER.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }
}
