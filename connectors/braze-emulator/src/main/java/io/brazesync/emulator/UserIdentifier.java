package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The one identifier of a {@code /users/track} object: external_id, braze_id, user_alias, email or
 * phone.
 *
 * <p>In an attributes object, email and phone are also plain attributes of the user. They identify
 * the object only when it has no external_id, braze_id or user_alias.
 */
record UserIdentifier(Type type, String value, UserAlias alias) {

    /** The kinds of identifier, each with its key in a track object. */
    enum Type {
        EXTERNAL_ID("external_id"),
        BRAZE_ID("braze_id"),
        USER_ALIAS("user_alias"),
        EMAIL("email"),
        PHONE("phone");

        private final String key;

        Type(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    private static final List<Type> PRIMARY =
            List.of(Type.EXTERNAL_ID, Type.BRAZE_ID, Type.USER_ALIAS);
    private static final List<Type> CONTACT = List.of(Type.EMAIL, Type.PHONE);

    /** The identifier keys the object carries; exactly one makes it valid. */
    static List<Type> typesIn(JsonNode object, boolean attributesObject) {
        List<Type> found = new ArrayList<>();
        for (Type type : PRIMARY) {
            if (has(object, type)) {
                found.add(type);
            }
        }
        if (attributesObject && !found.isEmpty()) {
            return found;
        }
        for (Type type : CONTACT) {
            if (has(object, type)) {
                found.add(type);
            }
        }
        return found;
    }

    /** The identifier of a valid track object. */
    static UserIdentifier of(JsonNode object, boolean attributesObject) {
        Type type = typesIn(object, attributesObject).get(0);
        JsonNode value = object.get(type.key());
        if (type == Type.USER_ALIAS) {
            return new UserIdentifier(type, null, UserAlias.from(value));
        }
        return new UserIdentifier(type, value.asText(), null);
    }

    /** How requests name this user in {@link RecordedRequest#users()}. */
    String identity() {
        return type == Type.USER_ALIAS ? alias.identity() : type.key() + ":" + value;
    }

    private static boolean has(JsonNode object, Type type) {
        JsonNode value = object.get(type.key());
        return value != null && !value.isNull();
    }
}
