package io.brazesync.connector.record;

import org.apache.flink.annotation.PublicEvolving;

/** The array of a Braze request body that one record becomes an element of. */
@PublicEvolving
public enum BrazeArray {
    ATTRIBUTES("attributes", RequestKind.TRACK),
    EVENTS("events", RequestKind.TRACK),
    PURCHASES("purchases", RequestKind.TRACK),
    ALIASES_TO_IDENTIFY("aliases_to_identify", RequestKind.IDENTIFY),
    USER_ALIASES("user_aliases", RequestKind.ALIAS_NEW),
    EXTERNAL_IDS("external_ids", RequestKind.DELETE_BY_EXTERNAL_ID),
    BRAZE_IDS("braze_ids", RequestKind.DELETE_BY_BRAZE_ID),
    DELETE_USER_ALIASES("user_aliases", RequestKind.DELETE_BY_USER_ALIAS);

    private final String jsonName;
    private final RequestKind requestKind;

    BrazeArray(String jsonName, RequestKind requestKind) {
        this.jsonName = jsonName;
        this.requestKind = requestKind;
    }

    /** The array's name in the request body and in Braze's {@code input_array} errors. */
    public String jsonName() {
        return jsonName;
    }

    public RequestKind requestKind() {
        return requestKind;
    }
}
