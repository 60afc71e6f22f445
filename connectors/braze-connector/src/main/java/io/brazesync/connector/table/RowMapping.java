package io.brazesync.connector.table;

import static org.apache.flink.util.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brazesync.connector.deadletter.DeadLetter;
import io.brazesync.connector.deadletter.DeadLetterQueue;
import io.brazesync.connector.deadletter.DeadLetterQueueFactory;
import io.brazesync.connector.mapping.MappingResult;
import io.brazesync.connector.mapping.RecordMapper;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps each row of a braze table to the Braze record of its sync, through the same {@link
 * RecordMapper} as the DataStream path.
 *
 * <p>A row is converted to a JSON object, which also becomes the record's original value: a dead
 * letter of a SQL row carries the row as JSON, with an empty source topic and partition and offset
 * -1, because a table sink does not see where its rows were read. An invalid row goes to the
 * dead-letter topic when the table skips invalid records, and stops the job otherwise. Dead letters
 * are flushed before every checkpoint completes and when the input ends, so none is lost.
 */
@Internal
final class RowMapping extends ProcessFunction<RowData, BrazeRecord>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RowMapping.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What dead letters of SQL rows carry as source partition and offset: not known. */
    static final int UNKNOWN_POSITION = -1;

    private final String table;
    private final SyncSettings sync;
    private final RowToRecordConverter converter;
    private final DeadLetterQueueFactory deadLetterQueues;

    private transient RecordMapper mapper;
    private transient DeadLetterQueue deadLetters;
    private transient Counter recordsRead;
    private transient Counter recordsInvalid;
    private transient LongCounter rowsReceived;

    RowMapping(
            String table,
            SyncSettings sync,
            RowToRecordConverter converter,
            DeadLetterQueueFactory deadLetterQueues) {
        this.table = checkNotNull(table, "table");
        this.sync = checkNotNull(sync, "sync");
        this.converter = checkNotNull(converter, "converter");
        this.deadLetterQueues = checkNotNull(deadLetterQueues, "dead-letter queue factory");
    }

    @Override
    public void open(OpenContext openContext) {
        mapper = new RecordMapper();
        recordsRead = getRuntimeContext().getMetricGroup().counter("recordsRead");
        recordsInvalid = getRuntimeContext().getMetricGroup().counter("recordsInvalid");
        rowsReceived = new LongCounter();
        getRuntimeContext().addAccumulator(BrazeDynamicTableFactory.ROWS_RECEIVED, rowsReceived);
    }

    @Override
    public void processElement(RowData row, Context context, Collector<BrazeRecord> out)
            throws JsonProcessingException {
        recordsRead.inc();
        rowsReceived.add(1L);
        ObjectNode record;
        try {
            record = converter.convert(row);
        } catch (RowConversionException e) {
            // Nothing of the row can be shown as JSON; the dead letter carries the reason only.
            invalid(
                    new RecordOrigin(sync.name(), "", UNKNOWN_POSITION, UNKNOWN_POSITION, null),
                    e.getMessage());
            return;
        }
        RecordOrigin origin =
                new RecordOrigin(
                        sync.name(),
                        "",
                        UNKNOWN_POSITION,
                        UNKNOWN_POSITION,
                        JSON.writeValueAsBytes(record));
        MappingResult result = mapper.map(sync, record, origin);
        if (result.isValid()) {
            out.collect(result.record());
        } else {
            invalid(origin, result.invalidReason());
        }
    }

    private void invalid(RecordOrigin origin, String reason) {
        recordsInvalid.inc();
        if (!sync.skipOnInvalidRecords()) {
            LOG.error("Invalid row for braze table {}; stopping the job: {}", table, reason);
            throw new SuppressRestartsException(
                    new InvalidRowException(
                            String.format(
                                    "Invalid row for braze table '%s' (sync '%s'): %s. The table"
                                            + " does not skip invalid records, so the job stops"
                                            + " here. Fix the query, or set"
                                            + " 'skip-on-invalid-records' = 'true' to send such"
                                            + " rows to the dead-letter topic.",
                                    table, sync.name(), reason)));
        }
        if (deadLetters == null) {
            deadLetters =
                    deadLetterQueues.open(
                            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        }
        LOG.debug("Invalid row for braze table {} to the dead-letter topic: {}", table, reason);
        deadLetters.send(DeadLetter.invalid(origin, reason));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // Dead letters sent so far become durable before the checkpoint that passes their rows.
        if (deadLetters != null) {
            deadLetters.flush();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // No state of its own: an invalid row is either in a flushed dead letter or not yet read.
    }

    @Override
    public void close() throws Exception {
        if (deadLetters == null) {
            return;
        }
        try {
            deadLetters.flush();
        } finally {
            deadLetters.close();
        }
    }
}
