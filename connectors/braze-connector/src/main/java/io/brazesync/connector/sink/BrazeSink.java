package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeRecord;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes {@link BrazeRecord}s to Braze's user data API: {@code /users/track}, {@code
 * /users/identify}, {@code /users/alias/new} and {@code /users/delete}, in batches capped at
 * Braze's limits, within Braze's rate limits.
 *
 * <p>Delivery is at least once. Every record the sink has accepted and Braze has not acknowledged
 * is in the checkpoint and is sent again after a restore. What may reach Braze twice: records whose
 * request was in flight when the checkpoint was taken, and records sent after the last completed
 * checkpoint (the source replays them). Attribute sets are value-idempotent; a resent event,
 * purchase, {@code inc} or array {@code add} is applied again.
 *
 * <p>One user's records reach Braze in the order they came: the sink never has two requests for one
 * user in flight, and a retried request holds back that user's later records. Records Braze
 * rejects, and records that fail more often than the retry limit allows, go to the dead-letter
 * queue with the reason; 401, 403, 404 and 415 fail the job with a message that says what to fix.
 */
@PublicEvolving
public final class BrazeSink
        implements Sink<BrazeRecord>, SupportsWriterState<BrazeRecord, BrazeWriterState> {

    private static final long serialVersionUID = 1L;

    private final BrazeSinkConfig config;

    BrazeSink(BrazeSinkConfig config) {
        this.config = config;
    }

    public static BrazeSinkBuilder builder() {
        return new BrazeSinkBuilder();
    }

    @Override
    public StatefulSinkWriter<BrazeRecord, BrazeWriterState> createWriter(WriterInitContext context)
            throws IOException {
        return new BrazeSinkWriter(config, context, List.of());
    }

    @Override
    public StatefulSinkWriter<BrazeRecord, BrazeWriterState> restoreWriter(
            WriterInitContext context, Collection<BrazeWriterState> recoveredState)
            throws IOException {
        return new BrazeSinkWriter(config, context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<BrazeWriterState> getWriterStateSerializer() {
        return new BrazeWriterStateSerializer();
    }
}
