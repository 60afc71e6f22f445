package io.brazesync.emulator;

/** Keys of request bodies that more than one step of the emulator reads. */
final class BrazeKeys {

    static final String ATTRIBUTES = "attributes";
    static final String EVENTS = "events";
    static final String PURCHASES = "purchases";
    static final String ALIASES_TO_IDENTIFY = "aliases_to_identify";
    static final String USER_ALIASES = "user_aliases";
    static final String EXTERNAL_IDS = "external_ids";
    static final String BRAZE_IDS = "braze_ids";

    static final String UPDATE_EXISTING_ONLY = "_update_existing_only";
    static final String MERGE_OBJECTS = "_merge_objects";

    private BrazeKeys() {}
}
