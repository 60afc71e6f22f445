package io.brazesync.connector.table;

import org.apache.flink.annotation.PublicEvolving;

/** A braze table that does not skip invalid records met one; the message says where and why. */
@PublicEvolving
public final class InvalidRowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidRowException(String message) {
        super(message);
    }
}
