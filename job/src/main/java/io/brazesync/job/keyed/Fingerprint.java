package io.brazesync.job.keyed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * 64-bit FNV-1a fingerprints of attribute values and attribute names.
 *
 * <p>A value is hashed by walking its JSON tree, with a tag per JSON type, so {@code 1} and {@code
 * "1"} differ and nothing is serialized. Two equal objects with their keys in another order count
 * as different, which only costs a resend.
 */
final class Fingerprint {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {}

    static long of(JsonNode value) {
        return hash(OFFSET_BASIS, value);
    }

    /** The fingerprint of an attribute name or nested path. */
    static long ofName(String name) {
        return text(OFFSET_BASIS, name);
    }

    private static long hash(long hash, JsonNode value) {
        switch (value.getNodeType()) {
            case OBJECT:
                hash = mix(hash, '{');
                for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                        fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    hash = hash(text(mix(hash, ':'), field.getKey()), field.getValue());
                }
                return mix(hash, '}');
            case ARRAY:
                hash = mix(hash, '[');
                for (JsonNode item : value) {
                    hash = hash(mix(hash, ','), item);
                }
                return mix(hash, ']');
            case STRING:
                return text(mix(hash, '"'), value.textValue());
            case NUMBER:
                return text(mix(hash, '#'), value.asText());
            case BOOLEAN:
                return mix(hash, value.booleanValue() ? 't' : 'f');
            case NULL:
                return mix(hash, 'n');
            default:
                return text(mix(hash, '?'), value.asText());
        }
    }

    private static long text(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            hash = mix(mix(hash, c & 0xff), c >>> 8);
        }
        return mix(hash, 0);
    }

    private static long mix(long hash, int octet) {
        return (hash ^ (octet & 0xff)) * PRIME;
    }
}
