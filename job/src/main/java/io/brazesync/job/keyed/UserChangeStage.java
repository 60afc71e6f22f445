package io.brazesync.job.keyed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed stage between mapping and the sink: drops attribute values that would not change
 * anything in Braze, optionally coalesces a user's attribute updates, and passes every user's
 * records on in the order they arrived.
 *
 * <p>State per user: a compact {@link FingerprintTable} of the attributes last handed to the sink,
 * each with the time it was sent, so every value is resent at least once per time-to-live; one
 * processing-time timer per user removes the table once all of it has expired; and, when
 * coalescing, the attributes object being gathered. A delete clears the user's fingerprints; so
 * does an identify, for both the external id and the alias, because Braze's merge of the alias
 * profile may change attributes the job never sent.
 */
public final class UserChangeStage extends KeyedProcessFunction<String, UserRecord, BrazeRecord> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Accumulator names, read by the local run's summary. */
    public static final String VALUES_UNCHANGED = "values-unchanged";

    public static final String RECORDS_UNCHANGED = "records-unchanged";
    public static final String RECORDS_COALESCED = "records-coalesced";

    /**
     * An event-time timer that only the final watermark of a bounded input (or of a draining stop)
     * reaches: processing-time timers do not fire at the end of input, so without it gathered
     * attributes would be left unsent when a bounded run ends.
     */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final Set<String> syncsWithChangeDetection;
    private final Duration ttl;
    private final Duration coalesceWindow;

    private transient ValueState<long[]> fingerprints;
    private transient ValueState<UserRecord> gathering;
    private transient Counter valuesUnchanged;
    private transient Counter recordsUnchanged;
    private transient Counter recordsCoalesced;
    private transient LongCounter valuesUnchangedTotal;
    private transient LongCounter recordsUnchangedTotal;
    private transient LongCounter recordsCoalescedTotal;

    /**
     * @param syncsWithChangeDetection names of the syncs whose attributes are compared
     * @param ttl how long a fingerprint is kept after it was last written
     * @param coalesceWindow how long attribute updates are gathered; zero sends each at once
     */
    public UserChangeStage(
            Set<String> syncsWithChangeDetection, Duration ttl, Duration coalesceWindow) {
        this.syncsWithChangeDetection = new HashSet<>(syncsWithChangeDetection);
        this.ttl = ttl;
        this.coalesceWindow = coalesceWindow;
    }

    @Override
    public void open(OpenContext openContext) {
        fingerprints =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "attribute-fingerprints",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        gathering =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "gathered-attributes",
                                        TypeInformation.of(UserRecord.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        valuesUnchanged = metrics.counter("valuesUnchanged");
        recordsUnchanged = metrics.counter("recordsUnchanged");
        recordsCoalesced = metrics.counter("recordsCoalesced");
        valuesUnchangedTotal = new LongCounter();
        recordsUnchangedTotal = new LongCounter();
        recordsCoalescedTotal = new LongCounter();
        getRuntimeContext().addAccumulator(VALUES_UNCHANGED, valuesUnchangedTotal);
        getRuntimeContext().addAccumulator(RECORDS_UNCHANGED, recordsUnchangedTotal);
        getRuntimeContext().addAccumulator(RECORDS_COALESCED, recordsCoalescedTotal);
    }

    @Override
    public void processElement(UserRecord record, Context context, Collector<BrazeRecord> out)
            throws Exception {
        if (record.forgetOnly) {
            fingerprints.clear();
            return;
        }
        if (record.array != BrazeArray.ATTRIBUTES) {
            sendGathered(context.timerService(), out);
            if (clearsProfile(record.array)) {
                fingerprints.clear();
            }
            out.collect(record.toBrazeRecord());
            return;
        }
        ObjectNode attributes = null;
        if (syncsWithChangeDetection.contains(record.sync)) {
            attributes = (ObjectNode) JSON.readTree(record.element);
            TimerService timers = context.timerService();
            FingerprintTable table = table(timers.currentProcessingTime());
            AttributeChanges.Result result = AttributeChanges.filter(attributes, table);
            if (table.changed() && table.expiryTimerAt() == Long.MIN_VALUE) {
                table.expiryTimerAt(timers.currentProcessingTime() + ttl.toMillis());
                timers.registerProcessingTimeTimer(table.expiryTimerAt());
            }
            store(table);
            valuesUnchanged.inc(result.unchangedValues());
            valuesUnchangedTotal.add(result.unchangedValues());
            if (result.isEmpty()) {
                recordsUnchanged.inc();
                recordsUnchangedTotal.add(1L);
                return;
            }
            if (result.unchangedValues() > 0) {
                record.element = JSON.writeValueAsBytes(attributes);
            }
        }
        if (coalesceWindow.isZero()) {
            out.collect(record.toBrazeRecord());
            return;
        }
        gather(record, attributes, context, out);
    }

    /** A delete removes the profile; an identify merges another profile into it. */
    private static boolean clearsProfile(BrazeArray array) {
        switch (array) {
            case EXTERNAL_IDS:
            case BRAZE_IDS:
            case DELETE_USER_ALIASES:
            case ALIASES_TO_IDENTIFY:
                return true;
            default:
                return false;
        }
    }

    private void gather(
            UserRecord record, ObjectNode attributes, Context context, Collector<BrazeRecord> out)
            throws Exception {
        UserRecord gathered = gathering.value();
        if (gathered != null) {
            ObjectNode merged = (ObjectNode) JSON.readTree(gathered.element);
            ObjectNode later =
                    attributes != null ? attributes : (ObjectNode) JSON.readTree(record.element);
            if (AttributeMerge.into(merged, later)) {
                record.element = JSON.writeValueAsBytes(merged);
                gathering.update(record);
                recordsCoalesced.inc();
                recordsCoalescedTotal.add(1L);
                return;
            }
            out.collect(gathered.toBrazeRecord());
        }
        gathering.update(record);
        TimerService timers = context.timerService();
        timers.registerProcessingTimeTimer(
                timers.currentProcessingTime() + coalesceWindow.toMillis());
        timers.registerEventTimeTimer(END_OF_INPUT);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<BrazeRecord> out)
            throws Exception {
        sendGathered(context.timerService(), out);
        FingerprintTable table = table(timestamp);
        if (table.expiryTimerAt() == timestamp) {
            // The user's expiry timer: forget the user once every value has expired, else look
            // again when the newest one will have.
            long expiresAt = table.expiresAtMillis();
            if (expiresAt > timestamp) {
                table.expiryTimerAt(expiresAt);
                context.timerService().registerProcessingTimeTimer(expiresAt);
                store(table);
            } else {
                fingerprints.clear();
            }
        }
    }

    private FingerprintTable table(long nowMillis) throws Exception {
        return FingerprintTable.of(fingerprints.value(), nowMillis, ttl.toMillis());
    }

    private void store(FingerprintTable table) throws Exception {
        if (table.changed()) {
            long[] stored = table.toState();
            if (stored == null) {
                fingerprints.clear();
            } else {
                fingerprints.update(stored);
            }
        }
    }

    private void sendGathered(TimerService timers, Collector<BrazeRecord> out) throws Exception {
        UserRecord gathered = gathering.value();
        if (gathered != null) {
            out.collect(gathered.toBrazeRecord());
            gathering.clear();
            timers.deleteEventTimeTimer(END_OF_INPUT);
        }
    }
}
