package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the users a request body names, in the form {@code external_id:u1}, {@code
 * alias:label:name}, {@code braze_id:x}, {@code email:..} or {@code phone:..}.
 *
 * <p>Objects too malformed to name a user are skipped: this serves tests that check the order of
 * requests per user, not validation.
 */
final class TouchedUsers {

    private TouchedUsers() {}

    static Set<String> of(Endpoint endpoint, JsonNode body) {
        Set<String> users = new LinkedHashSet<>();
        if (body == null) {
            return users;
        }
        switch (endpoint) {
            case TRACK -> {
                addTrackObjects(users, body.get("attributes"), true);
                addTrackObjects(users, body.get("events"), false);
                addTrackObjects(users, body.get("purchases"), false);
            }
            case IDENTIFY -> {
                for (JsonNode item : arrayItems(body.get("aliases_to_identify"))) {
                    addText(users, "external_id:", item.get("external_id"));
                    addAlias(users, item.get("user_alias"));
                }
            }
            case ALIAS_NEW -> {
                for (JsonNode item : arrayItems(body.get("user_aliases"))) {
                    addText(users, "external_id:", item.get("external_id"));
                    addAlias(users, item);
                }
            }
            case DELETE -> {
                for (JsonNode item : arrayItems(body.get("external_ids"))) {
                    addText(users, "external_id:", item);
                }
                for (JsonNode item : arrayItems(body.get("braze_ids"))) {
                    addText(users, "braze_id:", item);
                }
                for (JsonNode item : arrayItems(body.get("user_aliases"))) {
                    addAlias(users, item);
                }
            }
        }
        return users;
    }

    private static void addTrackObjects(Set<String> users, JsonNode array, boolean attributes) {
        for (JsonNode item : arrayItems(array)) {
            if (!item.isObject()) {
                continue;
            }
            List<UserIdentifier.Type> types = UserIdentifier.typesIn(item, attributes);
            if (types.size() != 1) {
                continue;
            }
            JsonNode value = item.get(types.get(0).key());
            if (types.get(0) == UserIdentifier.Type.USER_ALIAS) {
                addAlias(users, value);
            } else {
                addText(users, types.get(0).key() + ":", value);
            }
        }
    }

    private static void addText(Set<String> users, String prefix, JsonNode value) {
        if (value != null && value.isTextual()) {
            users.add(prefix + value.asText());
        }
    }

    private static void addAlias(Set<String> users, JsonNode alias) {
        if (alias != null
                && alias.path("alias_name").isTextual()
                && alias.path("alias_label").isTextual()) {
            users.add(UserAlias.from(alias).identity());
        }
    }

    private static Iterable<JsonNode> arrayItems(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }
}
