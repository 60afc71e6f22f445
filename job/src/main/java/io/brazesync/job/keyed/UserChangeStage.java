package io.brazesync.job.keyed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed stage between mapping and the sink: drops attribute values that would not change
 * anything in Braze, optionally coalesces a user's attribute updates, and passes every user's
 * records on in the order they arrived.
 *
 * <p>State per user: a fingerprint per attribute last handed to the sink (with a time-to-live, so
 * every value is resent at least that often) and, when coalescing, the attributes object being
 * gathered. A delete clears the user's fingerprints; so does an identify, for both the external id
 * and the alias, because Braze's merge of the alias profile may change attributes the job never
 * sent.
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

    private transient MapState<String, Long> fingerprints;
    private transient ValueState<UserRecord> gathering;
    private transient FingerprintStore store;
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
        MapStateDescriptor<String, Long> fingerprintsDescriptor =
                new MapStateDescriptor<>("attribute-fingerprints", Types.STRING, Types.LONG);
        fingerprintsDescriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        fingerprints = getRuntimeContext().getMapState(fingerprintsDescriptor);
        gathering =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "gathered-attributes",
                                        TypeInformation.of(UserRecord.class)));
        store = new MapStateStore(fingerprints);
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
            AttributeChanges.Result result = AttributeChanges.filter(attributes, store);
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
    }

    private void sendGathered(TimerService timers, Collector<BrazeRecord> out) throws Exception {
        UserRecord gathered = gathering.value();
        if (gathered != null) {
            out.collect(gathered.toBrazeRecord());
            gathering.clear();
            timers.deleteEventTimeTimer(END_OF_INPUT);
        }
    }

    /** The fingerprints of the current key, as {@link AttributeChanges} reads them. */
    private static final class MapStateStore implements FingerprintStore {

        private final MapState<String, Long> state;

        MapStateStore(MapState<String, Long> state) {
            this.state = state;
        }

        @Override
        public Long get(String path) throws Exception {
            return state.get(path);
        }

        @Override
        public void put(String path, long fingerprint) throws Exception {
            state.put(path, fingerprint);
        }

        @Override
        public void remove(String path) throws Exception {
            state.remove(path);
        }

        @Override
        public void removeNested(String attribute) throws Exception {
            String prefix = attribute + AttributeChanges.NESTED;
            Iterator<Map.Entry<String, Long>> entries = state.iterator();
            while (entries.hasNext()) {
                if (entries.next().getKey().startsWith(prefix)) {
                    entries.remove();
                }
            }
        }
    }
}
