package io.brazesync.connector.deadletter;

import org.apache.flink.annotation.PublicEvolving;

/** Where the sink puts records that will never reach Braze. */
@PublicEvolving
public interface DeadLetterQueue extends AutoCloseable {

    /** Queues a dead letter; it is durable once {@link #flush()} returns. */
    void send(DeadLetter letter);

    /** Waits until every dead letter sent so far is stored, or fails if one could not be. */
    void flush();

    @Override
    void close();
}
