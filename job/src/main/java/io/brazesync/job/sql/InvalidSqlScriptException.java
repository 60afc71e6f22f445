package io.brazesync.job.sql;

/** The SQL file cannot run as a braze-sync job; the message names the statement and why. */
public final class InvalidSqlScriptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSqlScriptException(String message) {
        super(message);
    }

    public InvalidSqlScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
