package io.brazesync.connector.sink;

import org.apache.flink.annotation.PublicEvolving;

/** Braze refused the sink's requests in a way only a change of configuration can fix. */
@PublicEvolving
public final class BrazeConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrazeConfigurationException(String message) {
        super(message);
    }
}
