package io.brazesync.connector.table;

/** Raised when a row holds a value that JSON cannot carry; the reason names the column only. */
final class RowConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    RowConversionException(String reason) {
        super(reason, null, false, false);
    }
}
