package io.brazesync.connector.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import io.brazesync.connector.record.UserKeys;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Turns one CDP record, a flat JSON object, into the Braze object its sync asks for, or says why it
 * cannot be sent.
 *
 * <p>Every rule of Braze that can be checked before sending is checked here, so an invalid record
 * never costs a Braze request. Reasons name fields and rules, never values. Instances are
 * thread-safe.
 */
@PublicEvolving
public final class RecordMapper {

    /** The largest element that still fits one request body of 4 MB with its envelope. */
    static final int MAX_ELEMENT_BYTES = 4 * 1024 * 1024 - 1024;

    /**
     * The deepest a record may nest, and its element with it. Far deeper than any CDP record, and
     * with the levels a request body adds, well within the 1000 that JSON parsers such as Jackson
     * allow by default.
     */
    static final int MAX_NESTING_DEPTH = 500;

    private static final Set<String> TRACK_FLAGS = Set.of("_update_existing_only");
    private static final Set<String> ATTRIBUTE_FLAGS =
            Set.of("_update_existing_only", "_merge_objects");

    private static final ObjectMapper JSON =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                                    .build())
                                    .streamWriteConstraints(
                                            StreamWriteConstraints.builder()
                                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                                    .build())
                                    .build())
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    /** Maps raw record bytes, as read from Kafka. */
    public MappingResult map(SyncSettings sync, RecordOrigin origin) {
        try {
            ObjectNode record = parse(origin.originalValue());
            return MappingResult.valid(toBrazeRecord(sync, record, origin));
        } catch (InvalidRecordException e) {
            return MappingResult.invalid(e.getMessage(), origin);
        }
    }

    /** Maps a record that is already a JSON object, such as a row of a SQL query. */
    public MappingResult map(SyncSettings sync, ObjectNode record, RecordOrigin origin) {
        try {
            return MappingResult.valid(toBrazeRecord(sync, record.deepCopy(), origin));
        } catch (InvalidRecordException e) {
            return MappingResult.invalid(e.getMessage(), origin);
        }
    }

    private static boolean startsWithByteOrderMark(byte[] value) {
        return value.length >= 3
                && value[0] == (byte) 0xef
                && value[1] == (byte) 0xbb
                && value[2] == (byte) 0xbf;
    }

    private static ObjectNode parse(byte[] value) throws InvalidRecordException {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty record: expected a JSON object");
        }
        // Checked on the bytes, so that the parser reads them without a decoded copy.
        if (!Utf8.isValid(value)) {
            throw new InvalidRecordException("record is not valid UTF-8");
        }
        if (startsWithByteOrderMark(value)) {
            // JSON sent over a network carries none (RFC 8259); the parser would skip it unseen.
            throw new InvalidRecordException("record is not valid JSON (it starts with a BOM)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (StreamConstraintsException e) {
            // Raised without a location: nesting too deep, or a number or string too long.
            throw new InvalidRecordException(beyondParserLimits(e));
        } catch (NumberFormatException e) {
            // Jackson reads a decimal such as 1e999999999999 eagerly and fails outside its range.
            throw new InvalidRecordException("record holds a number too large to read");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidRecordException(
                    at == null
                            ? "record is not valid JSON"
                            : "record is not valid JSON (line "
                                    + at.getLineNr()
                                    + ", column "
                                    + at.getColumnNr()
                                    + ")");
        } catch (IOException e) {
            // Reading a byte array fails only on its content.
            throw new InvalidRecordException("record is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("record is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Jackson's message names lengths and limits, never content; ours names only the limit. */
    private static String beyondParserLimits(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "record is nested deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        return "record holds a number, string or field name longer than a JSON parser takes";
    }

    private BrazeRecord toBrazeRecord(SyncSettings sync, ObjectNode record, RecordOrigin origin)
            throws InvalidRecordException {
        parsePreFormatted(sync, record);
        BrazeRules.checkUnicode(record);
        dropNulls(record, sync.sendsAttributes() ? sync.nullValues() : NullValues.IGNORE);
        switch (sync.mode()) {
            case USER_TRACK:
                return track(sync.trackRecordType(), record, origin);
            case USER_NEW_ALIAS:
                return newAlias(record, origin);
            case USER_IDENTIFY:
                return identify(record, origin);
            case USER_DELETE:
                return delete(record, origin);
            default:
                throw new IllegalStateException("unknown mode " + sync.mode());
        }
    }

    private static void parsePreFormatted(SyncSettings sync, ObjectNode record)
            throws InvalidRecordException {
        for (String field : sync.preFormattedFields()) {
            JsonNode value = record.get(field);
            if (value == null || !value.isTextual()) {
                continue;
            }
            JsonNode parsed;
            try {
                parsed = JSON.readTree(value.asText());
            } catch (JsonProcessingException | NumberFormatException e) {
                throw new InvalidRecordException(
                        "pre-formatted field '" + field + "' does not hold valid JSON");
            }
            if (parsed == null || !parsed.isContainerNode()) {
                throw new InvalidRecordException(
                        "pre-formatted field '" + field + "' holds no JSON array or object");
            }
            record.set(field, parsed);
        }
    }

    /**
     * Drops null fields, except, when the sync removes attributes on null, the attributes: a null
     * identifier or flag is never sent, and events and purchases have no attribute to remove.
     */
    private static void dropNulls(ObjectNode record, NullValues nullValues) {
        boolean keepAttributes = nullValues == NullValues.REMOVE;
        record.properties()
                .removeIf(
                        field ->
                                field.getValue().isNull()
                                        && (!keepAttributes
                                                || ATTRIBUTE_FLAGS.contains(field.getKey())
                                                || Identifier.isPrimaryField(field.getKey())));
    }

    private BrazeRecord track(TrackRecordType type, ObjectNode record, RecordOrigin origin)
            throws InvalidRecordException {
        Identifier identifier = Identifier.take(record);
        if (type == TrackRecordType.USER_PROFILE_ATTRIBUTES
                && identifier.field().equals("email")
                && record.hasNonNull("phone")) {
            // Without a primary identifier Braze reads both as identifiers, and takes only one.
            throw new InvalidRecordException(
                    "both email and phone and no external_id, braze_id or user_alias: Braze takes"
                            + " exactly one identifier per object; add one of those three");
        }
        ObjectNode element = JsonNodeFactory.instance.objectNode();
        element.set(identifier.field(), identifier.value());
        BrazeArray array;
        switch (type) {
            case USER_PROFILE_ATTRIBUTES:
                array = BrazeArray.ATTRIBUTES;
                attributes(record, element);
                break;
            case CUSTOM_EVENTS:
                array = BrazeArray.EVENTS;
                event(record, element);
                break;
            case PURCHASES:
                array = BrazeArray.PURCHASES;
                purchase(record, element);
                break;
            default:
                throw new IllegalStateException("unknown track record type " + type);
        }
        return new BrazeRecord(array, identifier.userKey(), serialize(element), origin);
    }

    private void attributes(ObjectNode record, ObjectNode element) throws InvalidRecordException {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            if (ATTRIBUTE_FLAGS.contains(field.getKey())) {
                element.set(field.getKey(), flag(field.getKey(), field.getValue()));
            } else {
                attributes.set(field.getKey(), field.getValue());
            }
        }
        BrazeRules.checkAttributes(attributes, RecordMapper::size);
        element.setAll(attributes);
    }

    private void event(ObjectNode record, ObjectNode element) throws InvalidRecordException {
        JsonNode name = record.remove("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            throw new InvalidRecordException("event needs a non-empty string name");
        }
        BrazeRules.checkLength("event name", name.asText());
        element.set("name", name);
        element.put("time", EventTime.read(record.remove("time")));
        appId(record, element);
        copyFlags(record, element);
        element.set("properties", properties(record));
    }

    private void purchase(ObjectNode record, ObjectNode element) throws InvalidRecordException {
        JsonNode productId = record.remove("product_id");
        if (productId == null || !productId.isTextual() || productId.asText().isEmpty()) {
            throw new InvalidRecordException("purchase needs a non-empty string product_id");
        }
        BrazeRules.checkLength("product_id", productId.asText());
        element.set("product_id", productId);
        element.put("currency", BrazeRules.currency(record.remove("currency")));
        JsonNode price = record.remove("price");
        if (price == null || !price.isNumber()) {
            throw new InvalidRecordException("purchase needs a numeric price");
        }
        element.set("price", price);
        JsonNode quantity = record.remove("quantity");
        if (quantity != null) {
            if (!quantity.isIntegralNumber()
                    || !quantity.canConvertToInt()
                    || quantity.asLong() < 1
                    || quantity.asLong() > BrazeRules.MAX_QUANTITY) {
                throw new InvalidRecordException(
                        "quantity must be a whole number from 1 to " + BrazeRules.MAX_QUANTITY);
            }
            element.set("quantity", quantity);
        }
        element.put("time", EventTime.read(record.remove("time")));
        appId(record, element);
        copyFlags(record, element);
        element.set("properties", properties(record));
    }

    /** The record's {@code properties} object, with every remaining field added to it. */
    private ObjectNode properties(ObjectNode record) throws InvalidRecordException {
        JsonNode given = record.remove("properties");
        ObjectNode properties;
        if (given == null) {
            properties = JsonNodeFactory.instance.objectNode();
        } else if (given.isObject()) {
            properties = (ObjectNode) given;
        } else {
            throw new InvalidRecordException("properties must be a JSON object");
        }
        properties.setAll(record);
        BrazeRules.checkPropertyKeys(properties);
        BrazeRules.checkNestedPropertySize(properties, RecordMapper::size);
        return properties;
    }

    private static void appId(ObjectNode record, ObjectNode element) throws InvalidRecordException {
        JsonNode appId = record.remove("app_id");
        if (appId == null || appId.isNull()) {
            return;
        }
        if (!appId.isTextual()) {
            throw new InvalidRecordException("app_id must be a string");
        }
        element.set("app_id", appId);
    }

    private static void copyFlags(ObjectNode record, ObjectNode element)
            throws InvalidRecordException {
        for (String flag : TRACK_FLAGS) {
            JsonNode value = record.remove(flag);
            if (value != null) {
                element.set(flag, flag(flag, value));
            }
        }
    }

    private static JsonNode flag(String name, JsonNode value) throws InvalidRecordException {
        if (!value.isBoolean()) {
            throw new InvalidRecordException(name + " must be true or false");
        }
        return value;
    }

    private BrazeRecord newAlias(ObjectNode record, RecordOrigin origin)
            throws InvalidRecordException {
        ObjectNode alias = Identifier.takeAlias(record);
        ObjectNode element = alias.deepCopy();
        String userKey =
                UserKeys.alias(alias.get("alias_name").asText(), alias.get("alias_label").asText());
        JsonNode externalId = record.get("external_id");
        if (externalId != null) {
            if (!externalId.isTextual() || externalId.asText().isEmpty()) {
                throw new InvalidRecordException("external_id must be a non-empty string");
            }
            element.set("external_id", externalId);
            userKey = "external_id:" + externalId.asText();
        }
        return new BrazeRecord(BrazeArray.USER_ALIASES, userKey, serialize(element), origin);
    }

    private BrazeRecord identify(ObjectNode record, RecordOrigin origin)
            throws InvalidRecordException {
        JsonNode externalId = record.get("external_id");
        if (externalId == null || !externalId.isTextual() || externalId.asText().isEmpty()) {
            throw new InvalidRecordException("identify needs a non-empty string external_id");
        }
        ObjectNode element = JsonNodeFactory.instance.objectNode();
        element.set("external_id", externalId);
        element.set("user_alias", Identifier.takeAlias(record));
        return new BrazeRecord(
                BrazeArray.ALIASES_TO_IDENTIFY,
                "external_id:" + externalId.asText(),
                serialize(element),
                origin);
    }

    private BrazeRecord delete(ObjectNode record, RecordOrigin origin)
            throws InvalidRecordException {
        Identifier identifier =
                Identifier.take(
                        record,
                        "no identifier: a delete needs one of external_id, braze_id or user_alias"
                                + " (or alias_name and alias_label)");
        BrazeArray array;
        switch (identifier.field()) {
            case "external_id":
                array = BrazeArray.EXTERNAL_IDS;
                break;
            case "braze_id":
                array = BrazeArray.BRAZE_IDS;
                break;
            case "user_alias":
                array = BrazeArray.DELETE_USER_ALIASES;
                break;
            default:
                throw new InvalidRecordException(
                        "Braze deletes users by external_id, braze_id or user_alias only, not by "
                                + identifier.field());
        }
        return new BrazeRecord(array, identifier.userKey(), serialize(identifier.value()), origin);
    }

    private static byte[] serialize(JsonNode element) throws InvalidRecordException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(element);
        } catch (StreamConstraintsException e) {
            // A pre-formatted field adds the depth of its JSON to the record's.
            throw new InvalidRecordException(
                    "record is nested deeper than " + MAX_NESTING_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("record cannot be written as JSON");
        }
        if (bytes.length > MAX_ELEMENT_BYTES) {
            throw new InvalidRecordException("record is larger than Braze's 4 MB request limit");
        }
        return bytes;
    }

    private static int size(JsonNode value) throws InvalidRecordException {
        return serialize(value).length;
    }
}
