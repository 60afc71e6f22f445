package io.brazesync.job.config;

/** The job configuration is wrong; the message names the key and what is allowed. */
public final class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
