package io.brazesync.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.TimeUtils;

/**
 * A section of the YAML job configuration that knows its path, so every error names the key, and
 * that refuses keys it does not know before it reads any.
 */
final class ConfigNode {

    private final String path;
    private final JsonNode node;

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node;
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new InvalidConfigException(where() + " must be a mapping of keys to values");
        }
    }

    boolean has(String key) {
        return node != null && node.hasNonNull(key);
    }

    String string(String key, String fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new InvalidConfigException(key(key) + " must be a single value");
        }
        return value.asText();
    }

    String requiredString(String key) {
        String value = string(key, null);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(key(key) + " is required");
        }
        return value;
    }

    int integer(String key, int fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new InvalidConfigException(key(key) + " must be a whole number");
        }
        return value.asInt();
    }

    long longValue(String key, long fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw new InvalidConfigException(key(key) + " must be a whole number");
        }
        return value.asLong();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidConfigException(key(key) + " must be true or false");
        }
        return value.asBoolean();
    }

    Duration duration(String key, Duration fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            return TimeUtils.parseDuration(value.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    key(key) + " must be a duration such as 200ms, 3s, 1m or 7d");
        }
    }

    List<String> strings(String key) {
        JsonNode value = value(key);
        List<String> values = new ArrayList<>();
        if (value == null) {
            return values;
        }
        if (!value.isArray()) {
            throw new InvalidConfigException(key(key) + " must be a list");
        }
        for (JsonNode item : value) {
            values.add(item.asText());
        }
        return values;
    }

    Map<String, String> stringMap(String key) {
        JsonNode value = value(key);
        Map<String, String> values = new LinkedHashMap<>();
        if (value == null) {
            return values;
        }
        if (!value.isObject()) {
            throw new InvalidConfigException(key(key) + " must be a mapping");
        }
        value.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    ConfigNode child(String key) {
        return new ConfigNode(path(key), value(key));
    }

    List<ConfigNode> children(String key) {
        JsonNode value = value(key);
        List<ConfigNode> children = new ArrayList<>();
        if (value == null) {
            return children;
        }
        if (!value.isArray()) {
            throw new InvalidConfigException(key(key) + " must be a list");
        }
        for (int i = 0; i < value.size(); i++) {
            children.add(new ConfigNode(path(key) + "[" + i + "]", value.get(i)));
        }
        return children;
    }

    /** Fails, before any value is read, if the section holds a key not among {@code known}. */
    ConfigNode allowOnly(String... known) {
        if (node == null || node.isNull()) {
            return this;
        }
        List<String> allowed = List.of(known);
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                throw new InvalidConfigException(
                        "unknown key "
                                + key(key)
                                + "; known keys here: "
                                + String.join(", ", known));
            }
        }
        return this;
    }

    /** The key's full path, quoted for messages, such as {@code 'braze.linger'}. */
    String key(String key) {
        return "'" + path(key) + "'";
    }

    private String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String where() {
        return path.isEmpty() ? "the configuration" : "'" + path + "'";
    }

    private JsonNode value(String key) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }
}
