package io.brazesync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The emulator's one JSON mapper, with the few helpers the request flow needs. */
final class Json {

    // Trailing garbage after the object makes a body unreadable, as it would for a strict parser.
    static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Returns the body as a JSON object, or null when it is not exactly one JSON object. */
    static ObjectNode parseObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode ? (ObjectNode) node : null;
        } catch (IOException e) {
            return null;
        }
    }

    static int serializedBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
