package io.brazesync.connector.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brazesync.connector.record.UserKeys;
import java.util.Set;

/**
 * The Braze identity of a record: one of {@code external_id}, {@code braze_id}, {@code user_alias}
 * (or the fields {@code alias_name} and {@code alias_label}), {@code email} or {@code phone}.
 */
final class Identifier {

    /** The fields of the identifiers that are only identifiers, never profile attributes. */
    private static final Set<String> PRIMARY_FIELDS =
            Set.of("external_id", "braze_id", "user_alias", "alias_name", "alias_label");

    private final String field;
    private final JsonNode value;

    private Identifier(String field, JsonNode value) {
        this.field = field;
        this.value = value;
    }

    /** The Braze field name: {@code external_id}, {@code braze_id}, {@code user_alias}, ... */
    String field() {
        return field;
    }

    /** The value as Braze expects it: a string, or the alias object. */
    JsonNode value() {
        return value;
    }

    boolean isAlias() {
        return field.equals("user_alias");
    }

    /** A stable key for ordering and per-user state, such as {@code external_id:u1}. */
    String userKey() {
        if (isAlias()) {
            return UserKeys.alias(
                    value.get("alias_name").asText(), value.get("alias_label").asText());
        }
        return UserKeys.of(field, value.asText());
    }

    /** Whether {@code field} names an identifier that is never also a profile attribute. */
    static boolean isPrimaryField(String field) {
        return PRIMARY_FIELDS.contains(field);
    }

    /**
     * Reads and removes the record's identifier. {@code email} and {@code phone} stay in the record
     * when another identifier is chosen, because they are also profile attributes.
     */
    static Identifier take(ObjectNode record) throws InvalidRecordException {
        return take(
                record,
                "no identifier: the record needs one of external_id, braze_id, user_alias "
                        + "(or alias_name and alias_label), email or phone");
    }

    /** As {@link #take(ObjectNode)}, with the message for a record that has no identifier. */
    static Identifier take(ObjectNode record, String noIdentifier) throws InvalidRecordException {
        Identifier found = null;
        if (record.hasNonNull("external_id")) {
            found = new Identifier("external_id", idString(record.remove("external_id")));
        }
        if (record.hasNonNull("braze_id")) {
            requireNone(found, "braze_id");
            found = new Identifier("braze_id", idString(record.remove("braze_id")));
        }
        if (record.hasNonNull("user_alias") || record.hasNonNull("alias_name")) {
            requireNone(found, "user_alias");
            found = new Identifier("user_alias", takeAlias(record));
        }
        if (found == null && record.hasNonNull("email")) {
            found = new Identifier("email", idString(record.remove("email")));
        }
        if (found == null && record.hasNonNull("phone")) {
            found = new Identifier("phone", idString(record.remove("phone")));
        }
        if (found == null) {
            throw new InvalidRecordException(noIdentifier);
        }
        return found;
    }

    /** Reads and removes an alias given as {@code user_alias} or as its two fields. */
    static ObjectNode takeAlias(ObjectNode record) throws InvalidRecordException {
        JsonNode name;
        JsonNode label;
        if (record.hasNonNull("user_alias")) {
            JsonNode alias = record.remove("user_alias");
            if (!alias.isObject()) {
                throw new InvalidRecordException("user_alias must be an object");
            }
            name = alias.get("alias_name");
            label = alias.get("alias_label");
        } else {
            name = record.remove("alias_name");
            label = record.remove("alias_label");
        }
        if (!isNonEmptyText(name) || !isNonEmptyText(label)) {
            throw new InvalidRecordException(
                    "a user alias needs non-empty string alias_name and alias_label");
        }
        ObjectNode alias = JsonNodeFactory.instance.objectNode();
        alias.put("alias_name", name.asText());
        alias.put("alias_label", label.asText());
        return alias;
    }

    private static void requireNone(Identifier found, String field) throws InvalidRecordException {
        if (found != null) {
            throw new InvalidRecordException(
                    "more than one identifier: both "
                            + found.field
                            + " and "
                            + field
                            + " are set; Braze takes exactly one per object");
        }
    }

    /** Identifiers are strings in Braze; whole numbers from a CDP are taken as their text. */
    private static JsonNode idString(JsonNode node) throws InvalidRecordException {
        if (node.isTextual() && !node.asText().isEmpty()) {
            return node;
        }
        if (node.isIntegralNumber()) {
            return JsonNodeFactory.instance.textNode(node.asText());
        }
        throw new InvalidRecordException("an identifier must be a non-empty string");
    }

    private static boolean isNonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty();
    }
}
