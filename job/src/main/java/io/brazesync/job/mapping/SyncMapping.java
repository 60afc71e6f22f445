package io.brazesync.job.mapping;

import io.brazesync.connector.deadletter.DeadLetter;
import io.brazesync.connector.mapping.MappingResult;
import io.brazesync.connector.mapping.RecordMapper;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import io.brazesync.job.source.CdpRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Maps each CDP record to the Braze record of its sync. An invalid record goes to the dead-letter
 * output when its sync skips invalid records; otherwise it stops the job, naming the sync, topic,
 * partition, offset and reason, before any offset past it can be committed.
 */
public final class SyncMapping extends ProcessFunction<CdpRecord, BrazeRecord> {

    private static final long serialVersionUID = 1L;

    /** Records refused by their sync's mapping, bound for the dead-letter topic. */
    public static final OutputTag<DeadLetter> INVALID =
            new OutputTag<>("invalid-records") {
                private static final long serialVersionUID = 1L;
            };

    private final Map<String, SyncSettings> syncsByTopic;
    private transient RecordMapper mapper;
    private transient Counter recordsRead;
    private transient Counter recordsInvalid;

    public SyncMapping(Map<String, SyncSettings> syncsByTopic) {
        this.syncsByTopic = new HashMap<>(syncsByTopic);
    }

    @Override
    public void open(OpenContext openContext) {
        mapper = new RecordMapper();
        recordsRead = getRuntimeContext().getMetricGroup().counter("recordsRead");
        recordsInvalid = getRuntimeContext().getMetricGroup().counter("recordsInvalid");
    }

    @Override
    public void processElement(CdpRecord in, Context context, Collector<BrazeRecord> out) {
        recordsRead.inc();
        SyncSettings sync = syncsByTopic.get(in.topic);
        if (sync == null) {
            throw new IllegalStateException("no sync reads topic " + in.topic);
        }
        RecordOrigin origin = in.origin(sync.name());
        MappingResult result = mapper.map(sync, origin);
        if (result.isValid()) {
            out.collect(result.record());
            return;
        }
        recordsInvalid.inc();
        if (sync.skipOnInvalidRecords()) {
            context.output(INVALID, DeadLetter.invalid(origin, result.invalidReason()));
            return;
        }
        throw new SuppressRestartsException(
                new InvalidRecordStopException(
                        "Invalid record at "
                                + origin.describe()
                                + ": "
                                + result.invalidReason()
                                + ". The sync does not skip invalid records, so the job stops"
                                + " here; no offset past this record is committed. Fix or"
                                + " remove the record, or set skip-on-invalid-records: true,"
                                + " and restart."));
    }

    /** The topics of all syncs, for the source. */
    public List<String> topics() {
        return List.copyOf(syncsByTopic.keySet());
    }
}
