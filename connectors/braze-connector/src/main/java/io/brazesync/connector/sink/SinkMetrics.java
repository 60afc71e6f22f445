package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeEndpoint;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The sink's Flink metrics, under the operator's metric group.
 *
 * <p>Per endpoint ({@code endpoint} = track, identify, alias_new, delete): recordsSent, requests,
 * objectsPerRequest, requestLatencyMs. For the sink: retries, rateLimited (429s), deadLettered,
 * recordsInFlight, recordsPending, resentAfterRestore.
 */
final class SinkMetrics {

    private static final int HISTOGRAM_WINDOW = 1000;

    private final SinkWriterMetricGroup group;
    private final Map<BrazeEndpoint, Counter> recordsSent = new EnumMap<>(BrazeEndpoint.class);
    private final Map<BrazeEndpoint, Counter> requests = new EnumMap<>(BrazeEndpoint.class);
    private final Map<BrazeEndpoint, Histogram> objectsPerRequest =
            new EnumMap<>(BrazeEndpoint.class);
    private final Map<BrazeEndpoint, Histogram> latency = new EnumMap<>(BrazeEndpoint.class);
    private final Counter retries;
    private final Counter rateLimited;
    private final Counter deadLettered;
    private final Counter resentAfterRestore;

    SinkMetrics(SinkWriterMetricGroup group, IntSupplier inFlight, IntSupplier pending) {
        this.group = group;
        for (BrazeEndpoint endpoint : BrazeEndpoint.values()) {
            MetricGroup perEndpoint =
                    group.addGroup("endpoint", endpoint.name().toLowerCase(java.util.Locale.ROOT));
            recordsSent.put(endpoint, perEndpoint.counter("recordsSent"));
            requests.put(endpoint, perEndpoint.counter("requests"));
            objectsPerRequest.put(
                    endpoint,
                    perEndpoint.histogram(
                            "objectsPerRequest",
                            new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW)));
            latency.put(
                    endpoint,
                    perEndpoint.histogram(
                            "requestLatencyMs",
                            new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW)));
        }
        this.retries = group.counter("retries");
        this.rateLimited = group.counter("rateLimited");
        this.deadLettered = group.counter("deadLettered");
        this.resentAfterRestore = group.counter("resentAfterRestore");
        group.gauge("recordsInFlight", inFlight::getAsInt);
        group.gauge("recordsPending", pending::getAsInt);
    }

    void requestSent(BrazeEndpoint endpoint, int objects, int bytes) {
        requests.get(endpoint).inc();
        objectsPerRequest.get(endpoint).update(objects);
        group.getNumBytesSendCounter().inc(bytes);
    }

    void requestAnswered(BrazeEndpoint endpoint, long latencyMillis) {
        latency.get(endpoint).update(latencyMillis);
    }

    void recordsAccepted(BrazeEndpoint endpoint, int count) {
        recordsSent.get(endpoint).inc(count);
        group.getNumRecordsSendCounter().inc(count);
    }

    void retried(int records) {
        retries.inc(records);
    }

    void rateLimited() {
        rateLimited.inc();
    }

    void deadLettered() {
        deadLettered.inc();
        group.getNumRecordsOutErrorsCounter().inc();
    }

    void resentAfterRestore(int records) {
        resentAfterRestore.inc(records);
    }
}
