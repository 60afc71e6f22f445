package io.brazesync.connector.deadletter;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/** Opens a {@link DeadLetterQueue} in each parallel instance of the sink. */
@PublicEvolving
@FunctionalInterface
public interface DeadLetterQueueFactory extends Serializable {

    DeadLetterQueue open(int subtask);
}
