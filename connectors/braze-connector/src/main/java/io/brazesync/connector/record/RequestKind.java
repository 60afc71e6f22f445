package io.brazesync.connector.record;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The kind of request a record travels in; records of one kind may share a request.
 *
 * <p>Deletes are split by identifier type because Braze takes one identifier type per delete
 * request.
 */
@PublicEvolving
public enum RequestKind {
    TRACK(BrazeEndpoint.TRACK),
    IDENTIFY(BrazeEndpoint.IDENTIFY),
    ALIAS_NEW(BrazeEndpoint.ALIAS_NEW),
    DELETE_BY_EXTERNAL_ID(BrazeEndpoint.DELETE),
    DELETE_BY_BRAZE_ID(BrazeEndpoint.DELETE),
    DELETE_BY_USER_ALIAS(BrazeEndpoint.DELETE);

    private final BrazeEndpoint endpoint;

    RequestKind(BrazeEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public BrazeEndpoint endpoint() {
        return endpoint;
    }
}
