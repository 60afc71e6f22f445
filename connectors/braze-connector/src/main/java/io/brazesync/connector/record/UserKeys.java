package io.brazesync.connector.record;

import org.apache.flink.annotation.PublicEvolving;

/** The user keys that order records and key per-user state, such as {@code external_id:u1}. */
@PublicEvolving
public final class UserKeys {

    private UserKeys() {}

    /** The key of a user known by an identifier field such as {@code external_id}. */
    public static String of(String field, String value) {
        return field + ":" + value;
    }

    /**
     * The key of a user known by an alias. The label's length goes first, so that no label or name
     * holding a ':' can make two aliases share a key.
     */
    public static String alias(String name, String label) {
        return "user_alias:" + label.length() + ":" + label + ":" + name;
    }
}
