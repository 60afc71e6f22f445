package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one object of a readable request against Braze's rules and names the first rule it breaks;
 * the reason becomes the {@code type} of an {@link ObjectError}.
 *
 * <p>Reasons name keys but never echo values, since values are customer data.
 */
final class ObjectValidator {

    static final int MAX_STRING_CHARS = 255;
    static final int MAX_NESTED_ATTRIBUTE_BYTES = 100 * 1024;

    private static final Set<String> RESERVED_ATTRIBUTE_KEYS =
            Set.of(
                    "external_id",
                    "braze_id",
                    "user_alias",
                    BrazeKeys.UPDATE_EXISTING_ONLY,
                    BrazeKeys.MERGE_OBJECTS);
    private static final Set<String> RESERVED_PROPERTY_KEYS = Set.of("time", "event_name");
    private static final Set<String> GENDERS = Set.of("M", "F", "O", "N", "P");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern DATE_OF_BIRTH = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NESTED_KEY_FORBIDDEN = Pattern.compile("[.$ ]");

    private final int maxNestedPropertyBytes;

    ObjectValidator(int maxNestedPropertyBytes) {
        this.maxNestedPropertyBytes = maxNestedPropertyBytes;
    }

    Optional<String> attributesProblem(JsonNode object) {
        return Optional.ofNullable(attributesReason(object));
    }

    /**
     * Names the first invalid nested-attribute value of a valid-looking attributes object, which
     * makes Braze drop every nested-attribute update of the request.
     */
    Optional<String> nestedAttributeProblem(JsonNode object) {
        if (!object.isObject()) {
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!RESERVED_ATTRIBUTE_KEYS.contains(field.getKey())
                    && AttributeOperation.of(field.getValue()).isNested()) {
                String reason = attributeValueReason(field.getKey(), field.getValue());
                if (reason != null) {
                    return Optional.of(reason);
                }
            }
        }
        return Optional.empty();
    }

    Optional<String> eventProblem(JsonNode event) {
        return Optional.ofNullable(eventReason(event));
    }

    Optional<String> purchaseProblem(JsonNode purchase) {
        return Optional.ofNullable(purchaseReason(purchase));
    }

    /** Checks one item of {@code aliases_to_identify}. */
    Optional<String> aliasToIdentifyProblem(JsonNode item) {
        if (!item.isObject()) {
            return Optional.of("Each alias to identify must be a JSON object");
        }
        if (!isNonEmptyText(item.get("external_id"))) {
            return Optional.of("'external_id' must be a non-empty string");
        }
        return Optional.ofNullable(aliasReason(item.get("user_alias")));
    }

    /** Checks one item of {@code /users/alias/new}'s {@code user_aliases}. */
    Optional<String> newAliasProblem(JsonNode item) {
        if (!item.isObject()) {
            return Optional.of("Each user alias must be a JSON object");
        }
        JsonNode externalId = item.get("external_id");
        if (externalId != null && !externalId.isNull() && !isNonEmptyText(externalId)) {
            return Optional.of("'external_id' must be a non-empty string");
        }
        return Optional.ofNullable(aliasReason(item));
    }

    /** Checks one item of {@code /users/delete}'s {@code external_ids} or {@code braze_ids}. */
    Optional<String> idToDeleteProblem(JsonNode item) {
        return isNonEmptyText(item)
                ? Optional.empty()
                : Optional.of("Each identifier must be a non-empty string");
    }

    /** Checks one item of {@code /users/delete}'s {@code user_aliases}. */
    Optional<String> aliasToDeleteProblem(JsonNode item) {
        return Optional.ofNullable(aliasReason(item));
    }

    private String attributesReason(JsonNode object) {
        if (!object.isObject()) {
            return "Each attributes object must be a JSON object";
        }
        String identifierReason = identifierReason(object, true);
        if (identifierReason != null) {
            return identifierReason;
        }
        for (String flag : List.of(BrazeKeys.UPDATE_EXISTING_ONLY, BrazeKeys.MERGE_OBJECTS)) {
            JsonNode value = object.get(flag);
            if (value != null && !value.isBoolean()) {
                return "'" + flag + "' must be true or false";
            }
        }
        String identifierKey = UserIdentifier.typesIn(object, true).get(0).key();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = field.getKey();
            if (RESERVED_ATTRIBUTE_KEYS.contains(key) || key.equals(identifierKey)) {
                continue;
            }
            String reason = attributeValueReason(key, field.getValue());
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private String attributeValueReason(String key, JsonNode value) {
        if (key.isEmpty()) {
            return "Attribute names must not be empty";
        }
        String standardReason = standardAttributeReason(key, value);
        if (standardReason != null) {
            return standardReason;
        }
        return switch (AttributeOperation.of(value)) {
            case REMOVE -> null;
            case INCREMENT ->
                    value.get("inc").isNumber()
                            ? null
                            : "'inc' of attribute '" + key + "' must be a number";
            case FLAT_ARRAY_CHANGE -> flatArrayChangeReason(key, value);
            case OBJECT_ARRAY_CHANGE -> objectArrayChangeReason(key, value);
            case NESTED_OBJECT, OBJECT_ARRAY -> nestedValueReason(key, value);
            case FLAT_ARRAY -> flatItemsReason(key, value);
            case VALUE -> stringLengthReason(key, value);
        };
    }

    private static String standardAttributeReason(String key, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        return switch (key) {
            case "dob" -> isDateOfBirth(value) ? null : "'dob' must be a date as YYYY-MM-DD";
            case "gender" ->
                    value.isTextual() && GENDERS.contains(value.asText())
                            ? null
                            : "'gender' must be one of M, F, O, N, P or null";
            case "country" ->
                    value.isTextual() && COUNTRY.matcher(value.asText()).matches()
                            ? null
                            : "'country' must be an ISO-3166 alpha-2 code";
            case "email", "phone" -> value.isTextual() ? null : "'" + key + "' must be a string";
            default -> null;
        };
    }

    private static String flatArrayChangeReason(String key, JsonNode change) {
        for (Map.Entry<String, JsonNode> operation : change.properties()) {
            if (!operation.getValue().isArray()) {
                return "'" + operation.getKey() + "' of attribute '" + key + "' must be an array";
            }
            String reason = flatItemsReason(key, operation.getValue());
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String flatItemsReason(String key, JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode() || item.isNull()) {
                return "Array attribute '" + key + "' may hold only strings, numbers, booleans";
            }
            String reason = stringLengthReason(key, item);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String objectArrayChangeReason(String key, JsonNode change) {
        for (Map.Entry<String, JsonNode> operation : change.properties()) {
            String name = operation.getKey();
            JsonNode items = operation.getValue();
            if (!items.isArray()) {
                return "'" + name + "' of attribute '" + key + "' must be an array";
            }
            for (JsonNode item : items) {
                String reason =
                        switch (name) {
                            case "$add" -> objectItemReason(key, item);
                            case "$remove" -> selectorReason(key, item);
                            default -> updateReason(key, item);
                        };
                if (reason != null) {
                    return reason;
                }
            }
        }
        return nestedSizeReason(key, change);
    }

    private static String updateReason(String key, JsonNode item) {
        String selectorReason = selectorReason(key, item);
        if (selectorReason != null) {
            return selectorReason;
        }
        return objectItemReason(key, item.get("$new_object"));
    }

    private static String selectorReason(String key, JsonNode item) {
        if (!item.isObject()
                || !item.path("$identifier_key").isTextual()
                || !item.has("$identifier_value")) {
            return "Changes to attribute '"
                    + key
                    + "' need '$identifier_key' and '$identifier_value'";
        }
        return null;
    }

    private static String objectItemReason(String key, JsonNode item) {
        if (item == null || !item.isObject()) {
            return "Attribute '" + key + "' takes only objects in an array of objects";
        }
        return nestedKeysReason(key, item);
    }

    private static String nestedValueReason(String key, JsonNode value) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isObject()) {
                    return "Array attribute '" + key + "' mixes objects with other values";
                }
            }
        }
        String keysReason = nestedKeysReason(key, value);
        return keysReason != null ? keysReason : nestedSizeReason(key, value);
    }

    private static String nestedSizeReason(String key, JsonNode value) {
        if (Json.serializedBytes(value) > MAX_NESTED_ATTRIBUTE_BYTES) {
            return "Nested attribute '" + key + "' is over 100 KB";
        }
        return null;
    }

    private static String nestedKeysReason(String key, JsonNode value) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String nestedKey = field.getKey();
                if (nestedKey.isEmpty() || NESTED_KEY_FORBIDDEN.matcher(nestedKey).find()) {
                    return "Nested attribute '"
                            + key
                            + "' has an empty key or one with '.', '$' or a space";
                }
                String reason = nestedKeysReason(key, field.getValue());
                if (reason != null) {
                    return reason;
                }
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                String reason = nestedKeysReason(key, item);
                if (reason != null) {
                    return reason;
                }
            }
        }
        return null;
    }

    private String eventReason(JsonNode event) {
        if (!event.isObject()) {
            return "Each event must be a JSON object";
        }
        String identifierReason = identifierReason(event, false);
        if (identifierReason != null) {
            return identifierReason;
        }
        if (!isNonEmptyText(event.get("name"))) {
            return "Event needs a 'name' string";
        }
        if (!isIsoTime(event.get("time"))) {
            return "Event needs a 'time' in ISO-8601";
        }
        JsonNode appId = event.get("app_id");
        if (appId != null && !appId.isNull() && !appId.isTextual()) {
            return "'app_id' must be a string";
        }
        return propertiesReason(event.get("properties"));
    }

    private String purchaseReason(JsonNode purchase) {
        if (!purchase.isObject()) {
            return "Each purchase must be a JSON object";
        }
        String identifierReason = identifierReason(purchase, false);
        if (identifierReason != null) {
            return identifierReason;
        }
        JsonNode productId = purchase.get("product_id");
        if (!isNonEmptyText(productId) || isTooLong(productId.asText())) {
            return "Purchase needs a 'product_id' string of at most 255 characters";
        }
        JsonNode currency = purchase.get("currency");
        if (currency == null || !CURRENCY.matcher(currency.asText()).matches()) {
            return "Purchase needs a 'currency' of three upper-case letters (ISO-4217)";
        }
        if (purchase.get("price") == null || !purchase.get("price").isNumber()) {
            return "Purchase needs a numeric 'price'";
        }
        if (!isIsoTime(purchase.get("time"))) {
            return "Purchase needs a 'time' in ISO-8601";
        }
        JsonNode quantity = purchase.get("quantity");
        if (quantity != null && !quantity.isNull() && !isQuantity(quantity)) {
            return "Purchase 'quantity' must be an integer from 1 to 100";
        }
        return propertiesReason(purchase.get("properties"));
    }

    private String propertiesReason(JsonNode properties) {
        if (properties == null || properties.isNull()) {
            return null;
        }
        if (!properties.isObject()) {
            return "'properties' must be a JSON object";
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            String key = property.getKey();
            if (key.isEmpty() || isTooLong(key)) {
                return "Property keys must have 1 to 255 characters";
            }
            if (key.startsWith("$")) {
                return "Property keys must not start with '$'";
            }
            if (RESERVED_PROPERTY_KEYS.contains(key)) {
                return "Property key '" + key + "' is reserved";
            }
            JsonNode value = property.getValue();
            if (value.isContainerNode() && Json.serializedBytes(value) > maxNestedPropertyBytes) {
                return "Property '" + key + "' is over " + maxNestedPropertyBytes + " bytes";
            }
        }
        return null;
    }

    private static String identifierReason(JsonNode object, boolean attributesObject) {
        List<UserIdentifier.Type> types = UserIdentifier.typesIn(object, attributesObject);
        if (types.isEmpty()) {
            return "Object needs one of external_id, braze_id, user_alias, email or phone";
        }
        if (types.size() > 1) {
            return "Object has more than one identifier: "
                    + types.stream()
                            .map(UserIdentifier.Type::key)
                            .collect(Collectors.joining(", "));
        }
        UserIdentifier.Type type = types.get(0);
        JsonNode value = object.get(type.key());
        if (type == UserIdentifier.Type.USER_ALIAS) {
            return aliasReason(value);
        }
        return isNonEmptyText(value) ? null : "'" + type.key() + "' must be a non-empty string";
    }

    private static String aliasReason(JsonNode alias) {
        if (alias == null
                || !isNonEmptyText(alias.get("alias_name"))
                || !isNonEmptyText(alias.get("alias_label"))) {
            return "A user alias needs 'alias_name' and 'alias_label' strings";
        }
        return null;
    }

    private static String stringLengthReason(String key, JsonNode value) {
        if (value.isTextual() && isTooLong(value.asText())) {
            return "Attribute '" + key + "' has a string over 255 characters";
        }
        return null;
    }

    private static boolean isTooLong(String text) {
        return text.codePointCount(0, text.length()) > MAX_STRING_CHARS;
    }

    private static boolean isNonEmptyText(JsonNode value) {
        return value != null && value.isTextual() && !value.asText().isEmpty();
    }

    private static boolean isQuantity(JsonNode quantity) {
        return quantity.isIntegralNumber()
                && quantity.canConvertToInt()
                && quantity.intValue() >= 1
                && quantity.intValue() <= 100;
    }

    private static boolean isIsoTime(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return false;
        }
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(value.asText());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDateOfBirth(JsonNode value) {
        if (!value.isTextual() || !DATE_OF_BIRTH.matcher(value.asText()).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value.asText());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
