package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Computes an attribute's next value from its current value and one update, never changing either:
 * stored values are replaced, not mutated.
 */
final class AttributeUpdates {

    /** Braze keeps at most this many items in a flat array by default, dropping the oldest. */
    static final int MAX_FLAT_ARRAY_ITEMS = 25;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeUpdates() {}

    /** Returns the attribute's next value, or null when the update removes it. */
    static JsonNode next(JsonNode current, JsonNode update, boolean mergeObjects) {
        return switch (AttributeOperation.of(update)) {
            case REMOVE -> null;
            case INCREMENT -> increment(current, update.get("inc"));
            case FLAT_ARRAY_CHANGE -> changeFlatArray(current, update);
            case OBJECT_ARRAY_CHANGE -> changeObjectArray(current, update);
            case NESTED_OBJECT ->
                    mergeObjects && current != null && current.isObject()
                            ? deepMerge((ObjectNode) current.deepCopy(), (ObjectNode) update)
                            : update.deepCopy();
            case FLAT_ARRAY -> keepNewest((ArrayNode) update.deepCopy());
            case OBJECT_ARRAY, VALUE -> update.deepCopy();
        };
    }

    private static JsonNode increment(JsonNode current, JsonNode by) {
        // A missing or non-numeric attribute counts as 0, so the first inc sets the value.
        JsonNode base = current != null && current.isNumber() ? current : NODES.numberNode(0);
        if (base.isIntegralNumber() && by.isIntegralNumber()) {
            long sum = base.longValue() + by.longValue();
            return sum == (int) sum ? NODES.numberNode((int) sum) : NODES.numberNode(sum);
        }
        BigDecimal sum = base.decimalValue().add(by.decimalValue());
        return NODES.numberNode(sum.doubleValue());
    }

    private static JsonNode changeFlatArray(JsonNode current, JsonNode update) {
        ArrayNode result =
                current != null && current.isArray() ? current.deepCopy() : NODES.arrayNode();
        // Braze treats flat arrays as sets: adding a present item moves it to the end.
        for (JsonNode added : update.path("add")) {
            removeEqual(result, added);
            result.add(added.deepCopy());
        }
        for (JsonNode removed : update.path("remove")) {
            removeEqual(result, removed);
        }
        return keepNewest(result);
    }

    private static JsonNode changeObjectArray(JsonNode current, JsonNode update) {
        ArrayNode result =
                current != null && current.isArray() ? current.deepCopy() : NODES.arrayNode();
        for (JsonNode added : update.path("$add")) {
            result.add(added.deepCopy());
        }
        for (JsonNode removal : update.path("$remove")) {
            for (int i = result.size() - 1; i >= 0; i--) {
                if (matches(result.get(i), removal)) {
                    result.remove(i);
                }
            }
        }
        for (JsonNode change : update.path("$update")) {
            for (JsonNode item : result) {
                if (item.isObject() && matches(item, change)) {
                    deepMerge((ObjectNode) item, (ObjectNode) change.get("$new_object"));
                }
            }
        }
        return result;
    }

    private static boolean matches(JsonNode item, JsonNode selector) {
        String key = selector.get("$identifier_key").asText();
        return selector.get("$identifier_value").equals(item.get(key));
    }

    private static void removeEqual(ArrayNode array, JsonNode value) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (array.get(i).equals(value)) {
                array.remove(i);
            }
        }
    }

    private static ArrayNode keepNewest(ArrayNode array) {
        while (array.size() > MAX_FLAT_ARRAY_ITEMS) {
            array.remove(0);
        }
        return array;
    }

    /** Merges the update into the target in place; null removes a key. */
    private static ObjectNode deepMerge(ObjectNode target, ObjectNode update) {
        for (Map.Entry<String, JsonNode> field : update.properties()) {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                deepMerge((ObjectNode) existing, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
        return target;
    }
}
