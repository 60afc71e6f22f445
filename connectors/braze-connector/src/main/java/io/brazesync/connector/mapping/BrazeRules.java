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
            } else if (value.isObject() && isOperator(value)) {
                checkOperator(key, value, sizer);
            } else if (value.isObject()) {
                checkNestedKeys(key, value);
                checkNestedSize(key, value, sizer);
            } else if (value.isArray()) {
                boolean objects = false;
                boolean others = false;
                for (JsonNode item : value) {
                    objects |= item.isObject();
                    others |= !item.isObject();
                    if (item.isTextual()) {
                        checkLength("an item of attribute '" + key + "'", item.asText());
                    } else if (item.isContainerNode()) {
                        checkNestedKeys(key, item);
                    }
                }
                if (objects) {
                    // An array of objects is a nested attribute, with a nested attribute's limits.
                    if (others) {
                        throw new InvalidRecordException(
                                "attribute '" + key + "' mixes objects with other values");
                    }
                    checkNestedSize(key, value, sizer);
                }
            }
        }
    }

    /**
     * Strings and field names must be Unicode text: a JSON escape such as {@code \ud800} without
     * its pair decodes to half a UTF-16 surrogate pair, which no UTF-8 encoder can write.
     */
    static void checkUnicode(JsonNode node) throws InvalidRecordException {
        if (node.isTextual()) {
            checkSurrogates(node.asText(), "a string");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkSurrogates(field.getKey(), "a field name");
                checkUnicode(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                checkUnicode(item);
            }
        }
    }

    private static void checkSurrogates(String text, String what) throws InvalidRecordException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidRecordException(
                        what + " holds half of a UTF-16 surrogate pair, which is not Unicode text");
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

    /**
     * {@code inc} takes a number; {@code add} and {@code remove} an array of strings, numbers and
     * booleans; {@code $add}, {@code $remove} and {@code $update} an array of objects.
     */
    private static void checkOperator(String key, JsonNode operation, Sizer sizer)
            throws InvalidRecordException {
        String name = operation.fieldNames().next();
        JsonNode operand = operation.get(name);
        String what = "'" + name + "' of attribute '" + key + "'";
        if (name.equals("inc")) {
            if (!operand.isNumber()) {
                throw new InvalidRecordException(what + " must be a number");
            }
            return;
        }
        if (!operand.isArray()) {
            throw new InvalidRecordException(what + " must be an array");
        }
        boolean flat = name.equals("add") || name.equals("remove");
        for (JsonNode item : operand) {
            if (flat && (item.isContainerNode() || item.isNull())) {
                throw new InvalidRecordException(
                        what + " may hold only strings, numbers and booleans");
            } else if (flat && item.isTextual()) {
                checkLength("an item of " + what, item.asText());
            } else if (!flat && !item.isObject()) {
                throw new InvalidRecordException(what + " may hold only objects");
            } else if (name.equals("$add")) {
                checkNestedKeys(key, item);
            } else if (name.equals("$update") && item.has("$new_object")) {
                checkNestedKeys(key, item.get("$new_object"));
            }
        }
        if (!flat) {
            checkNestedSize(key, operation, sizer);
        }
    }

    private static void checkNestedSize(String key, JsonNode value, Sizer sizer)
            throws InvalidRecordException {
        if (sizer.bytes(value) > MAX_NESTED_ATTRIBUTE_BYTES) {
            throw new InvalidRecordException(
                    "attribute '" + key + "' is over Braze's limit of 100 KB");
        }
    }

    private static boolean isOperator(JsonNode value) {
        if (value.size() != 1) {
            return false;
        }
        return ATTRIBUTE_OPERATORS.contains(value.fieldNames().next());
    }

    /**
     * Keys of a nested attribute have 1 to 255 characters and no '.', '$' or space; its strings
     * have at most 255 characters, as at the top level.
     */
    private static void checkNestedKeys(String attribute, JsonNode node)
            throws InvalidRecordException {
        if (node.isTextual()) {
            checkLength("a nested string of attribute '" + attribute + "'", node.asText());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                if (key.isEmpty()
                        || key.length() > MAX_KEY_LENGTH
                        || key.indexOf('.') >= 0
                        || key.indexOf('$') >= 0
                        || key.indexOf(' ') >= 0) {
                    throw new InvalidRecordException(
                            "attribute '"
                                    + attribute
                                    + "' has a nested key that is empty, longer than "
                                    + MAX_KEY_LENGTH
                                    + " characters, or holds '.', '$' or a space");
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
