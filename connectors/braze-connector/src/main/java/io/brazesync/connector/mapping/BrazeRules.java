package io.brazesync.connector.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of Braze's user data API that can be checked before a record is sent. */
final class BrazeRules {

    static final int MAX_STRING_LENGTH = 255;
    static final int MAX_KEY_LENGTH = 255;
    static final int MAX_NESTED_PROPERTY_BYTES = 50 * 1024;
    static final int MAX_NESTED_ATTRIBUTE_BYTES = 100 * 1024;
    static final int MAX_QUANTITY = 100;

    private static final Set<String> RESERVED_PROPERTY_KEYS = Set.of("time", "event_name");
    private static final Set<String> ATTRIBUTE_OPERATORS =
            Set.of("inc", "add", "remove", "$add", "$remove", "$update");
    private static final Set<String> GENDERS = Set.of("M", "F", "O", "N", "P");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private BrazeRules() {}

    static void checkPropertyKeys(ObjectNode properties) throws InvalidRecordException {
        for (Iterator<String> keys = properties.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw new InvalidRecordException(
                        "a property key must have 1 to " + MAX_KEY_LENGTH + " characters");
            }
            if (key.startsWith("$")) {
                throw new InvalidRecordException("property key starts with '$'");
            }
            if (RESERVED_PROPERTY_KEYS.contains(key)) {
                throw new InvalidRecordException("property key '" + key + "' is reserved by Braze");
            }
        }
    }

    static void checkNestedPropertySize(ObjectNode properties, Sizer sizer)
            throws InvalidRecordException {
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode value = property.getValue();
            if (value.isContainerNode() && sizer.bytes(value) > MAX_NESTED_PROPERTY_BYTES) {
                throw new InvalidRecordException(
                        "property '"
                                + property.getKey()
                                + "' is over Braze's limit of 50 KB for nested properties");
            }
        }
    }

    static void checkAttributes(ObjectNode attributes, Sizer sizer) throws InvalidRecordException {
        for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
            String key = attribute.getKey();
            JsonNode value = attribute.getValue();
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw new InvalidRecordException(
                        "an attribute name must have 1 to " + MAX_KEY_LENGTH + " characters");
            }
            checkStandardAttribute(key, value);
            if (value.isTextual()) {
                checkLength("attribute '" + key + "'", value.asText());
            } else if (value.isObject() && !isOperator(value)) {
                checkNestedKeys(key, value);
                if (sizer.bytes(value) > MAX_NESTED_ATTRIBUTE_BYTES) {
                    throw new InvalidRecordException(
                            "attribute '" + key + "' is over Braze's limit of 100 KB");
                }
            } else if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isTextual()) {
                        checkLength("an item of attribute '" + key + "'", item.asText());
                    } else if (item.isObject()) {
                        checkNestedKeys(key, item);
                    }
                }
            }
        }
    }

    static void checkLength(String what, String value) throws InvalidRecordException {
        if (value.codePointCount(0, value.length()) > MAX_STRING_LENGTH) {
            throw new InvalidRecordException(
                    what + " is longer than " + MAX_STRING_LENGTH + " characters");
        }
    }

    static String currency(JsonNode value) throws InvalidRecordException {
        if (value == null || !value.isTextual()) {
            throw new InvalidRecordException("purchase needs currency, a 3-letter ISO-4217 code");
        }
        String code = value.asText().toUpperCase(java.util.Locale.ROOT);
        if (!CURRENCY.matcher(code).matches()) {
            throw new InvalidRecordException("currency is not a 3-letter ISO-4217 code");
        }
        return code;
    }

    private static void checkStandardAttribute(String key, JsonNode value)
            throws InvalidRecordException {
        if (value.isNull()) {
            return;
        }
        switch (key) {
            case "dob":
                if (!value.isTextual() || !isDate(value.asText())) {
                    throw new InvalidRecordException("dob must be a date as YYYY-MM-DD");
                }
                break;
            case "country":
                if (!value.isTextual() || !COUNTRY.matcher(value.asText()).matches()) {
                    throw new InvalidRecordException(
                            "country must be an ISO-3166 alpha-2 code of two letters");
                }
                break;
            case "gender":
                if (!value.isTextual() || !GENDERS.contains(value.asText())) {
                    throw new InvalidRecordException("gender must be one of M, F, O, N, P");
                }
                break;
            default:
                break;
        }
    }

    private static boolean isDate(String text) {
        if (!DATE.matcher(text).matches()) {
            return false;
        }
        try {
            DateTimeFormatter.ISO_LOCAL_DATE.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isOperator(JsonNode value) {
        if (value.size() != 1) {
            return false;
        }
        return ATTRIBUTE_OPERATORS.contains(value.fieldNames().next());
    }

    private static void checkNestedKeys(String attribute, JsonNode node)
            throws InvalidRecordException {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                if (key.isEmpty()
                        || key.indexOf('.') >= 0
                        || key.indexOf('$') >= 0
                        || key.indexOf(' ') >= 0) {
                    throw new InvalidRecordException(
                            "attribute '"
                                    + attribute
                                    + "' has a nested key that is empty or holds '.', '$' or"
                                    + " a space");
                }
                checkNestedKeys(attribute, field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                checkNestedKeys(attribute, item);
            }
        }
    }

    /** Measures the serialized size of a JSON value. */
    interface Sizer {
        int bytes(JsonNode value) throws InvalidRecordException;
    }
}
