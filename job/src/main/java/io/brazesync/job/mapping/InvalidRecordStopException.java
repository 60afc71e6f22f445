package io.brazesync.job.mapping;

/** A sync that does not skip invalid records met one; the message says where and why. */
public final class InvalidRecordStopException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordStopException(String message) {
        super(message);
    }
}
