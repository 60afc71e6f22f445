package io.brazesync.connector.table;

import static org.apache.flink.util.Preconditions.checkNotNull;

import io.brazesync.connector.deadletter.DeadLetterQueueFactory;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.sink.BrazeSink;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;

/**
 * A braze table as the planner sees it: it takes inserted rows only, and writes them as rows ->
 * record mapping -> keyed by the Braze user -> {@link BrazeSink}, the same sink operator a
 * DataStream job uses, with its batches, rate limits, retries, dead letters and checkpointed state.
 *
 * <p>Keying by the user sends all rows of one user to one sink subtask, which keeps them in order.
 */
@Internal
final class BrazeDynamicTableSink implements DynamicTableSink {

    private final String table;
    private final SyncSettings sync;
    private final RowToRecordConverter converter;

    /** Where the row mapping puts invalid rows; the sink has its own queue for rejections. */
    private final DeadLetterQueueFactory invalidRows;

    private final BrazeSink sink;
    private final Integer parallelism;

    BrazeDynamicTableSink(
            String table,
            SyncSettings sync,
            RowToRecordConverter converter,
            DeadLetterQueueFactory invalidRows,
            BrazeSink sink,
            Integer parallelism) {
        this.table = checkNotNull(table, "table");
        this.sync = checkNotNull(sync, "sync");
        this.converter = checkNotNull(converter, "converter");
        this.invalidRows = checkNotNull(invalidRows, "invalid rows");
        this.sink = checkNotNull(sink, "sink");
        this.parallelism = parallelism;
    }

    /**
     * Only inserts: an update or a retraction has no Braze meaning that could be sent safely (a
     * retracted event cannot be taken back), so the planner refuses updating queries.
     */
    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return (DataStreamSinkProvider) this::write;
    }

    private DataStreamSink<?> write(ProviderContext context, DataStream<RowData> rows) {
        SingleOutputStreamOperator<BrazeRecord> records =
                rows.process(new RowMapping(table, sync, converter, invalidRows))
                        .returns(TypeInformation.of(BrazeRecord.class))
                        .name("Braze record mapping: " + sync.name());
        context.generateUid("braze-record-mapping").ifPresent(records::uid);
        DataStreamSink<BrazeRecord> written =
                records.keyBy(BrazeRecord::userKey, Types.STRING)
                        .sinkTo(sink)
                        .name("Braze: " + sync.name());
        context.generateUid("braze-sink").ifPresent(written::uid);
        if (parallelism != null) {
            written.setParallelism(parallelism);
        }
        return written;
    }

    @Override
    public DynamicTableSink copy() {
        return new BrazeDynamicTableSink(table, sync, converter, invalidRows, sink, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "Braze (" + describe() + ")";
    }

    private String describe() {
        return sync.trackRecordType() == null
                ? sync.mode().configValue()
                : sync.mode().configValue() + ", " + sync.trackRecordType().configValue();
    }
}
