package io.brazesync.connector.sink;

import io.brazesync.connector.record.RequestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the sink's hot paths per request: forming a batch from a full buffer, and writing a full
 * {@code /users/track} request body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestBatchBenchmark {

    private static final int BUFFERED = 2000;

    private final BatchLimits limits =
            new BatchLimits(TrackCapModel.TOTAL, 75, 50, 4 * 1024 * 1024);
    private final List<PendingRecord> backlog = new ArrayList<>();
    private RecordBuffer buffer;
    private Batch fullBatch;

    @Setup(Level.Trial)
    public void records() {
        for (int i = 0; i < BUFFERED; i++) {
            backlog.add(
                    TestRecords.pending(
                            TestRecords.record(
                                    io.brazesync.connector.record.BrazeArray.ATTRIBUTES,
                                    "user-" + i,
                                    "{\"external_id\":\"user-"
                                            + i
                                            + "\",\"first_name\":\"First"
                                            + i
                                            + "\",\"plan\":\"pro\",\"loyalty_points\":"
                                            + i
                                            + ",\"home_city\":\"Lisbon\"}",
                                    i),
                            0));
        }
        fullBatch = new Batch(RequestKind.TRACK, backlog.subList(0, 75));
    }

    @Setup(Level.Invocation)
    public void fillBuffer() {
        buffer = new RecordBuffer(limits);
        backlog.forEach(buffer::add);
    }

    /** One batch taken from a buffer of 2,000 records of distinct users. */
    @Benchmark
    public Batch takeBatchFromAFullBuffer() {
        return buffer.takeBatch(user -> false, kind -> true, Long.MIN_VALUE, false);
    }

    /** The body of a request of 75 attribute objects. */
    @Benchmark
    public byte[] trackRequestBody() {
        return fullBatch.body();
    }
}
