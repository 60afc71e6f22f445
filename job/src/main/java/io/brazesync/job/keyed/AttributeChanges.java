package io.brazesync.job.keyed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Removes from an attributes object the values equal to those last handed to the sink for the user,
 * and remembers the fingerprints of the rest.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The identifier (the object's first field) and the flags {@code _merge_objects} and {@code
 *       _update_existing_only} always stay.
 *   <li>Operations that are not idempotent ({@code inc}, {@code add}, {@code remove}, {@code $add},
 *       {@code $remove}, {@code $update}) always pass, and forget the attribute's fingerprint.
 *   <li>A nested object compares as a whole, or per key when {@code _merge_objects} is true.
 *   <li>{@code null} (sent only when the sync removes attributes on null) compares like any value.
 *   <li>An object that may not create a profile ({@code _update_existing_only}, which Braze assumes
 *       for alias-keyed objects) is compared but not remembered: Braze may have ignored it.
 * </ul>
 */
final class AttributeChanges {

    /** Separates an attribute from a nested key in a fingerprint path. */
    static final char NESTED = '\u001f';

    private static final String MERGE_OBJECTS = "_merge_objects";
    private static final String UPDATE_EXISTING_ONLY = "_update_existing_only";
    private static final Set<String> OPERATIONS =
            Set.of("inc", "add", "remove", "$add", "$remove", "$update");

    private int unchangedValues;

    private AttributeChanges() {}

    /** What filtering left of one attributes object. */
    record Result(ObjectNode attributes, int unchangedValues) {

        /** Whether nothing but the identifier and flags is left to send. */
        boolean isEmpty() {
            return attributes == null;
        }
    }

    /**
     * Filters {@code attributes} in place against {@code store} and updates the store.
     *
     * @return the object left to send, or an empty result when no attribute is left
     */
    static Result filter(ObjectNode attributes, FingerprintStore store) {
        AttributeChanges changes = new AttributeChanges();
        boolean left = changes.apply(attributes, store);
        return new Result(left ? attributes : null, changes.unchangedValues);
    }

    private boolean apply(ObjectNode attributes, FingerprintStore store) {
        String identifier = attributes.fieldNames().next();
        boolean mergeObjects = attributes.path(MERGE_OBJECTS).asBoolean(false);
        JsonNode updateExistingOnly = attributes.get(UPDATE_EXISTING_ONLY);
        boolean remember =
                updateExistingOnly == null
                        ? !identifier.equals("user_alias")
                        : !updateExistingOnly.asBoolean();
        boolean left = false;
        Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
        fields.next();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals(MERGE_OBJECTS) || name.equals(UPDATE_EXISTING_ONLY)) {
                continue;
            }
            JsonNode value = field.getValue();
            boolean send;
            if (isOperation(value)) {
                store.remove(name);
                store.removeNested(name);
                send = true;
            } else if (mergeObjects && value.isObject()) {
                send = mergeNested(name, (ObjectNode) value, store, remember);
            } else {
                send = compare(name, value, store, remember);
                if (send) {
                    // Whatever replaces the attribute whole leaves no nested key as it was.
                    store.removeNested(name);
                }
            }
            if (send) {
                left = true;
            } else {
                fields.remove();
            }
        }
        return left;
    }

    private boolean mergeNested(
            String name, ObjectNode value, FingerprintStore store, boolean remember) {
        Iterator<Map.Entry<String, JsonNode>> nested = value.fields();
        boolean changed = false;
        while (nested.hasNext()) {
            Map.Entry<String, JsonNode> entry = nested.next();
            if (compare(name + NESTED + entry.getKey(), entry.getValue(), store, remember)) {
                changed = true;
            } else {
                nested.remove();
            }
        }
        if (changed) {
            store.remove(name);
        }
        return changed;
    }

    /** Whether {@code value} differs from what was last sent at {@code path}. */
    private boolean compare(String path, JsonNode value, FingerprintStore store, boolean remember) {
        long fingerprint = Fingerprint.of(value);
        Long last = store.get(path);
        if (last != null && last == fingerprint) {
            unchangedValues++;
            return false;
        }
        if (remember) {
            store.put(path, fingerprint);
        } else if (last != null) {
            store.remove(path);
        }
        return true;
    }

    private static boolean isOperation(JsonNode value) {
        if (!value.isObject()) {
            return false;
        }
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            if (OPERATIONS.contains(names.next())) {
                return true;
            }
        }
        return false;
    }
}
