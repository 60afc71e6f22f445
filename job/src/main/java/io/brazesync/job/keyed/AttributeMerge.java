package io.brazesync.job.keyed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Merges two attributes objects of one user into one, the later value winning per key, when that
 * sends the same as sending both in order.
 */
final class AttributeMerge {

    private AttributeMerge() {}

    /**
     * Merges {@code later} into {@code earlier} in place.
     *
     * @return whether they merged; when not, {@code earlier} is unchanged and both must be sent
     */
    static boolean into(ObjectNode earlier, ObjectNode later) {
        if (!sameHead(earlier, later)) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = later.fields();
        fields.next();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode before = earlier.get(field.getKey());
            if (before != null
                    && (before.isObject() || field.getValue().isObject())
                    && !isFlag(field.getKey())) {
                // an operation or a nested object (maybe merged): order of the two matters
                return false;
            }
        }
        fields = later.fields();
        fields.next();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            earlier.set(field.getKey(), field.getValue());
        }
        return true;
    }

    /** Same identifier and the same flags. */
    private static boolean sameHead(ObjectNode earlier, ObjectNode later) {
        Map.Entry<String, JsonNode> a = earlier.fields().next();
        Map.Entry<String, JsonNode> b = later.fields().next();
        return a.getKey().equals(b.getKey())
                && a.getValue().equals(b.getValue())
                && Objects.equals(earlier.get("_merge_objects"), later.get("_merge_objects"))
                && Objects.equals(
                        earlier.get("_update_existing_only"), later.get("_update_existing_only"));
    }

    private static boolean isFlag(String name) {
        return name.equals("_merge_objects") || name.equals("_update_existing_only");
    }
}
