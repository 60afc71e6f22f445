package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/** A user alias: a name that is unique within its label. */
record UserAlias(String name, String label) {

    /** Reads {@code {"alias_name": .., "alias_label": ..}}; the object must have been validated. */
    static UserAlias from(JsonNode json) {
        return new UserAlias(json.get("alias_name").asText(), json.get("alias_label").asText());
    }

    /** How requests name this alias in {@link RecordedRequest#users()}. */
    String identity() {
        return "alias:" + label + ":" + name;
    }
}
