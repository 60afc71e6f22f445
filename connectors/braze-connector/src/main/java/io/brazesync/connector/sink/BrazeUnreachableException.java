package io.brazesync.connector.sink;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The sink never reached Braze: its first request failed on every attempt without an answer
 * (refused, unresolved, untrusted certificate, timed out).
 *
 * <p>Unlike {@link BrazeConfigurationException}, it lets Flink restart the job, so a restart
 * strategy rides out a network outage at start; a wrong endpoint keeps failing with this message.
 * Records are not dead-lettered for it: they stay in Kafka and in the last checkpoint.
 */
@PublicEvolving
public final class BrazeUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrazeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
