package io.brazesync.connector.mapping;

/** Raised while mapping a record that breaks the record contract or a Braze rule. */
final class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidRecordException(String reason) {
        // The reason names fields and rules only, never values, so no stack trace is needed.
        super(reason, null, false, false);
    }
}
