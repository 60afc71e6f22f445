package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** What one attribute value in a {@code /users/track} attributes object asks Braze to do. */
enum AttributeOperation {
    /** {@code null}: remove the attribute. */
    REMOVE(false),
    /** {@code {"inc": n}}: add n to a number. */
    INCREMENT(false),
    /** {@code {"add": [..]}} and/or {@code {"remove": [..]}} on a flat array. */
    FLAT_ARRAY_CHANGE(false),
    /** {@code {"$add": [..]}}, {@code {"$remove": [..]}}, {@code {"$update": [..]}}. */
    OBJECT_ARRAY_CHANGE(true),
    /** A nested object: replaces, or deep-merges with {@code _merge_objects}. */
    NESTED_OBJECT(true),
    /** An array of objects: replaces. */
    OBJECT_ARRAY(true),
    /** An array of strings, numbers or booleans: replaces. */
    FLAT_ARRAY(false),
    /** A string, number or boolean: replaces. */
    VALUE(false);

    private static final Set<String> FLAT_ARRAY_KEYS = Set.of("add", "remove");
    private static final Set<String> OBJECT_ARRAY_KEYS = Set.of("$add", "$remove", "$update");

    private final boolean nested;

    AttributeOperation(boolean nested) {
        this.nested = nested;
    }

    /**
     * Whether this is a nested-attribute update, which Braze drops for the whole request as soon as
     * one nested value in it is invalid.
     */
    boolean isNested() {
        return nested;
    }

    static AttributeOperation of(JsonNode value) {
        if (value == null || value.isNull()) {
            return REMOVE;
        }
        if (value.isObject()) {
            if (value.size() == 1 && value.has("inc")) {
                return INCREMENT;
            }
            if (keysWithin(value, FLAT_ARRAY_KEYS)) {
                return FLAT_ARRAY_CHANGE;
            }
            if (keysWithin(value, OBJECT_ARRAY_KEYS)) {
                return OBJECT_ARRAY_CHANGE;
            }
            return NESTED_OBJECT;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (item.isObject()) {
                    return OBJECT_ARRAY;
                }
            }
            return FLAT_ARRAY;
        }
        return VALUE;
    }

    private static boolean keysWithin(JsonNode object, Set<String> allowed) {
        if (object.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!allowed.contains(field.getKey())) {
                return false;
            }
        }
        return true;
    }
}
