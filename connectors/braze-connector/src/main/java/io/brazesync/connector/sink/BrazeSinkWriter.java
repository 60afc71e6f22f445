package io.brazesync.connector.sink;

import io.brazesync.connector.client.BrazeHttpClient;
import io.brazesync.connector.client.BrazeResponse;
import io.brazesync.connector.deadletter.DeadLetter;
import io.brazesync.connector.deadletter.DeadLetterQueue;
import io.brazesync.connector.record.BrazeEndpoint;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RateLimitFamily;
import io.brazesync.connector.record.RequestKind;
import io.brazesync.connector.sink.ResponseClassifier.RejectedObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of the {@link BrazeSink}: forms batches, sends them within the rate budget, and
 * decides per answer what to acknowledge, retry, split or dead-letter.
 *
 * <p>Everything runs on the task's mailbox thread; HTTP answers come back as mails. A batch holds
 * its users from the moment it is formed until Braze has answered it for good, so no later record
 * of those users is sent meanwhile.
 */
final class BrazeSinkWriter implements StatefulSinkWriter<BrazeRecord, BrazeWriterState> {

    private static final Logger LOG = LoggerFactory.getLogger(BrazeSinkWriter.class);

    /** How long one record may wait for room in a full buffer before the input goes on. */
    private static final long FULL_BUFFER_WAIT_MILLIS = 200;

    /** How many records are written between two tries to form a batch. */
    private static final int WRITES_PER_TRY = 16;

    private final BrazeSinkConfig config;
    private final MailboxExecutor mailbox;
    private final ProcessingTimeService time;
    private final BatchLimits limits;
    private final RecordBuffer buffer;
    private final Map<RateLimitFamily, RateLimitBudget> budgets =
            new EnumMap<>(RateLimitFamily.class);
    private final BrazeHttpClient client;
    private final DeadLetterQueue deadLetters;
    private final SinkMetrics metrics;

    private final Map<Long, Batch> inFlight = new HashMap<>();
    private final List<Batch> waiting = new ArrayList<>();
    private final TreeMap<Long, Batch> ready = new TreeMap<>();
    private final Map<String, Integer> heldUsers = new HashMap<>();
    private int recordsInFlight;

    /** Records in {@link #waiting} and {@link #ready}: retries and the halves of split batches. */
    private int recordsToResend;

    private int writtenSinceLastTry;
    private long wakeUpAtMillis = Long.MAX_VALUE;

    /**
     * Until Braze has answered once without a fatal error, one request at a time, and running out
     * of attempts without an answer fails the job instead of dead-lettering.
     */
    private boolean endpointConfirmed;

    BrazeSinkWriter(
            BrazeSinkConfig config,
            WriterInitContext context,
            Collection<BrazeWriterState> recovered) {
        this.config = config;
        this.mailbox = context.getMailboxExecutor();
        this.time = context.getProcessingTimeService();
        this.limits =
                new BatchLimits(
                        config.trackCapModel,
                        config.trackCap,
                        config.identityCap,
                        config.maxBodyBytes);
        this.buffer = new RecordBuffer(limits);
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        budgets.put(
                RateLimitFamily.TRACK,
                new RateLimitBudget(
                        config.trackRequestsPerWindow, config.trackWindow.toMillis(), parallelism));
        budgets.put(
                RateLimitFamily.IDENTITY,
                new RateLimitBudget(
                        config.identityRequestsPerWindow,
                        config.identityWindow.toMillis(),
                        parallelism));
        this.metrics = new SinkMetrics(context.metricGroup(), () -> recordsInFlight, this::pending);
        this.client =
                new BrazeHttpClient(
                        config.endpoint,
                        config.apiKey.resolve(),
                        config.requestTimeout,
                        config.maxInFlightRequests);
        try {
            this.deadLetters =
                    config.deadLetters.open(context.getTaskInfo().getIndexOfThisSubtask());
        } catch (RuntimeException e) {
            // Flink closes no writer it could not create; its event loop must not outlive it.
            try {
                client.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        restore(recovered);
    }

    private void restore(Collection<BrazeWriterState> recovered) {
        long now = time.getCurrentProcessingTime();
        int restored = 0;
        int wereInFlight = 0;
        for (BrazeWriterState state : recovered) {
            for (PendingRecord record : state.records()) {
                buffer.add(
                        new PendingRecord(
                                record.record(),
                                record.attempts(),
                                record.restoredFromInFlight(),
                                now));
                restored++;
                wereInFlight += record.restoredFromInFlight() ? 1 : 0;
            }
        }
        if (restored > 0) {
            metrics.resentAfterRestore(wereInFlight);
            LOG.info(
                    "Restored {} records not yet acknowledged by Braze; {} of them were in"
                            + " flight at the checkpoint and may reach Braze twice",
                    restored,
                    wereInFlight);
            scheduleWakeUp(now, now + 1);
        }
    }

    @Override
    public void write(BrazeRecord record, Context context) throws InterruptedException {
        long now = time.getCurrentProcessingTime();
        buffer.add(new PendingRecord(record, 0, false, now));
        // Forming a batch scans the buffer, so it is tried every few records rather than on each;
        // answers and timers try it too, and a lingered record is never kept waiting.
        if (++writtenSinceLastTry >= WRITES_PER_TRY
                || buffer.oldestAcceptedAtMillis() + config.linger.toMillis() <= now) {
            sendWhatIsReady(false);
        } else {
            scheduleNextWakeUp(now);
        }
        holdBackInput(now);
    }

    /**
     * Backpressure: while the buffer and the records to resend fill the buffer's size, sends part
     * batches and waits for answers. Counting the retries keeps an outage from draining the input
     * into ever more retries, each bound for the dead-letter topic once its attempts run out.
     *
     * <p>A checkpoint barrier is only taken between two records, so waiting here as long as Braze
     * refuses (a 429 storm, an outage) would hold every checkpoint up. So a full buffer makes each
     * record wait at most {@value #FULL_BUFFER_WAIT_MILLIS} ms, which slows the input to a trickle
     * and lets checkpoints through, and only a buffer of twice its size stops the input until Braze
     * takes records again.
     */
    private void holdBackInput(long startedMillis) throws InterruptedException {
        long until = startedMillis + FULL_BUFFER_WAIT_MILLIS;
        boolean wakeUpSet = false;
        while (held() >= config.maxBufferedRecords) {
            sendWhatIsReady(true);
            if (held() < config.maxBufferedRecords) {
                return;
            }
            long now = time.getCurrentProcessingTime();
            if (now >= until && held() < 2L * config.maxBufferedRecords) {
                return;
            }
            if (!wakeUpSet) {
                time.registerTimer(until, firedAt -> sendWhatIsReady(false));
                wakeUpSet = true;
            }
            mailbox.yield();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        if (endOfInput) {
            while (pending() > 0) {
                sendWhatIsReady(true);
                if (pending() > 0) {
                    awaitProgress();
                }
            }
        }
        // Dead letters written so far become durable before the checkpoint that forgets them.
        deadLetters.flush();
    }

    @Override
    public List<BrazeWriterState> snapshotState(long checkpointId) {
        List<Batch> batches = new ArrayList<>(inFlight.values());
        batches.addAll(waiting);
        batches.addAll(ready.values());
        batches.sort((a, b) -> Long.compare(a.order(), b.order()));
        List<PendingRecord> records = new ArrayList<>(pending());
        for (Batch batch : batches) {
            boolean sent = inFlight.containsKey(batch.order());
            for (PendingRecord record : batch.records()) {
                records.add(new PendingRecord(record.record(), record.attempts(), sent, 0L));
            }
        }
        for (PendingRecord record : buffer.records()) {
            records.add(new PendingRecord(record.record(), record.attempts(), false, 0L));
        }
        return List.of(new BrazeWriterState(records));
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            deadLetters.close();
        }
    }

    /** Records accepted and not yet acknowledged: buffered, in flight or waiting to retry. */
    private int pending() {
        return held() + recordsInFlight;
    }

    /** Records the sink holds that are not in flight: buffered, or waiting to be sent again. */
    private int held() {
        return buffer.size() + recordsToResend;
    }

    /** A batch to send again once it is due. */
    private void park(Batch batch) {
        waiting.add(batch);
        recordsToResend += batch.size();
    }

    /** A batch to send again as soon as the budget and its users allow. */
    private void queue(Batch batch) {
        ready.put(batch.order(), batch);
        recordsToResend += batch.size();
    }

    private void sendWhatIsReady(boolean force) {
        writtenSinceLastTry = 0;
        long now = time.getCurrentProcessingTime();
        // Also from answers and from the wait for room, where timers do not run.
        promoteDueRetries(now);
        int maxInFlight = endpointConfirmed ? config.maxInFlightRequests : 1;
        while (inFlight.size() < maxInFlight) {
            Batch next = takeReadyBatch(now);
            if (next == null) {
                next =
                        buffer.takeBatch(
                                heldUsers::containsKey,
                                kind -> budget(kind).hasRoom(now),
                                now - config.linger.toMillis(),
                                force);
                if (next == null) {
                    break;
                }
                hold(next);
            }
            budget(next.kind()).tryAcquire(now);
            send(next);
        }
        scheduleNextWakeUp(now);
    }

    /** The oldest retry or split batch that may go now, or null. */
    private Batch takeReadyBatch(long now) {
        for (Batch candidate : ready.values()) {
            if (budget(candidate.kind()).hasRoom(now) && !waitsForEarlierBatch(candidate)) {
                ready.remove(candidate.order());
                recordsToResend -= candidate.size();
                return candidate;
            }
        }
        return null;
    }

    /** Whether an older batch of one of this batch's users is still unanswered. */
    private boolean waitsForEarlierBatch(Batch candidate) {
        List<Batch> others = new ArrayList<>(inFlight.values());
        others.addAll(waiting);
        others.addAll(ready.headMap(candidate.order()).values());
        for (Batch other : others) {
            if (other.order() < candidate.order()) {
                for (String user : candidate.users()) {
                    if (other.hasUser(user)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void send(Batch batch) {
        BrazeEndpoint endpoint = batch.kind().endpoint();
        byte[] body = batch.body();
        inFlight.put(batch.order(), batch);
        recordsInFlight += batch.size();
        metrics.requestSent(endpoint, batch.size(), body.length);
        LOG.debug("Sending {} records to {}", batch.size(), endpoint.path());
        long startedNanos = System.nanoTime();
        client.post(endpoint, body)
                .whenComplete(
                        (response, error) -> {
                            long latencyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
                            try {
                                mailbox.execute(
                                        () -> {
                                            metrics.requestAnswered(endpoint, latencyMillis);
                                            onAnswer(batch, body.length, response, error);
                                        },
                                        "Braze answer");
                            } catch (RejectedExecutionException closing) {
                                // The task is closing; the batch is in the last checkpoint.
                            }
                        });
    }

    private void onAnswer(Batch batch, int bodyBytes, BrazeResponse response, Throwable error) {
        inFlight.remove(batch.order());
        recordsInFlight -= batch.size();
        long now = time.getCurrentProcessingTime();
        if (error != null) {
            String cause = RequestFailure.describe(error);
            failIfBrazeNeverAnswered(batch, cause, error);
            retryLater(batch, "request failed: " + cause, null, now);
        } else {
            budget(batch.kind())
                    .onHeaders(
                            response.rateLimit(),
                            response.rateLimitRemaining(),
                            response.rateLimitResetEpochSecond(),
                            now);
            handle(batch, bodyBytes, response, now);
        }
        sendWhatIsReady(false);
    }

    private void handle(Batch batch, int bodyBytes, BrazeResponse response, long now) {
        Outcome outcome = ResponseClassifier.classify(response);
        // A wrong key or host must stop the job after one request, not after a burst of them.
        endpointConfirmed |= outcome != Outcome.FATAL;
        switch (outcome) {
            case ACCEPTED:
                acknowledge(batch, ResponseClassifier.errors(response));
                break;
            case UNREADABLE_SUCCESS:
                retryLater(
                        batch,
                        "Braze's answer was not JSON (HTTP " + response.status() + ")",
                        ResponseClassifier.message(response),
                        now);
                break;
            case REJECTED_RECORDS:
                rejectNamed(batch, response, now);
                break;
            case TOO_MANY_OBJECTS:
                limits.lowerObjectCap(batch.kind(), batch.size(), batch.countsPerArray());
                splitOrDeadLetter(batch, response, "too many objects for one request");
                break;
            case TOO_LARGE:
                limits.lowerBodyBytes(batch.kind(), bodyBytes);
                splitOrDeadLetter(batch, response, "record alone exceeds Braze's body limit");
                break;
            case BAD_REQUEST:
                splitOrDeadLetter(batch, response, "Braze refused the request");
                break;
            case RATE_LIMITED:
                metrics.rateLimited();
                long until =
                        budget(batch.kind())
                                .onRateLimited(response.rateLimitResetEpochSecond(), now);
                batch.dueAt(until + config.retryPolicy.resetJitterMillis());
                park(batch);
                LOG.warn(
                        "Braze rate-limited {} ({} records); waiting {} ms for the reset",
                        batch.kind().endpoint().path(),
                        batch.size(),
                        batch.dueAtMillis() - now);
                break;
            case RETRYABLE:
                retryLater(
                        batch,
                        "Braze answered " + response.status(),
                        ResponseClassifier.message(response),
                        now);
                break;
            case FATAL:
            default:
                BrazeEndpoint endpoint = batch.kind().endpoint();
                String message =
                        ResponseClassifier.whatToFix(
                                response, endpoint, client.endpoint() + endpoint.path());
                LOG.error("{}", message);
                throw new SuppressRestartsException(new BrazeConfigurationException(message));
        }
    }

    /** Braze accepted the request; it may still name records it rejected (partial success). */
    private void acknowledge(Batch batch, List<RejectedObject> errors) {
        Set<PendingRecord> rejected = deadLetterNamed(batch, errors);
        metrics.recordsAccepted(batch.kind().endpoint(), batch.size() - rejected.size());
        release(batch);
    }

    /**
     * A 400 naming records: Braze applied nothing, so the unnamed records are sent again. Errors
     * that name no record of the batch leave it to splitting to find the refused records.
     */
    private void rejectNamed(Batch batch, BrazeResponse response, long now) {
        Set<PendingRecord> rejected = deadLetterNamed(batch, ResponseClassifier.errors(response));
        if (rejected.isEmpty()) {
            splitOrDeadLetter(batch, response, "Braze refused the request");
            return;
        }
        List<PendingRecord> rest = new ArrayList<>();
        for (PendingRecord record : batch.records()) {
            if (!rejected.contains(record)) {
                rest.add(record);
            }
        }
        release(batch);
        if (!rest.isEmpty()) {
            Batch again = new Batch(batch.kind(), rest);
            hold(again);
            queue(again);
        }
    }

    private Set<PendingRecord> deadLetterNamed(Batch batch, List<RejectedObject> errors) {
        Set<PendingRecord> rejected = new HashSet<>();
        for (RejectedObject error : errors) {
            PendingRecord record = batch.recordAt(error.inputArray, error.index);
            if (record != null && rejected.add(record)) {
                deadLetter(record, "rejected by Braze: " + error.type, error.type);
            }
        }
        if (!rejected.isEmpty()) {
            LOG.warn(
                    "Braze rejected {} of {} records sent to {}; they go to the dead-letter queue",
                    rejected.size(),
                    batch.size(),
                    batch.kind().endpoint().path());
        }
        return rejected;
    }

    private void splitOrDeadLetter(Batch batch, BrazeResponse response, String reason) {
        release(batch);
        if (batch.size() > 1) {
            for (Batch half : batch.halves()) {
                hold(half);
                queue(half);
            }
            return;
        }
        String brazeText = ResponseClassifier.message(response);
        deadLetter(
                batch.records().get(0),
                reason + " (HTTP " + response.status() + ")",
                brazeText.isEmpty() ? null : brazeText);
    }

    /**
     * Before Braze has answered once, a request that failed for the last time fails the job, naming
     * the endpoint and the cause: the endpoint is wrong or unreachable, and dead-lettering every
     * record one batch after the other would only empty the input. The exception is restartable, so
     * a restart strategy rides out an outage at start.
     */
    private void failIfBrazeNeverAnswered(Batch batch, String cause, Throwable error) {
        int attempts = batch.maxAttempts() + 1;
        if (endpointConfirmed || config.retryPolicy.mayRetry(attempts)) {
            return;
        }
        String message = RequestFailure.cannotReach(client.endpoint(), cause, attempts);
        LOG.error("{}", message);
        throw new BrazeUnreachableException(message, error);
    }

    private void retryLater(Batch batch, String reason, String brazeText, long now) {
        List<PendingRecord> again = new ArrayList<>();
        for (PendingRecord record : batch.records()) {
            record.countAttempt();
            if (config.retryPolicy.mayRetry(record.attempts())) {
                again.add(record);
            } else {
                deadLetter(
                        record,
                        "gave up after " + record.attempts() + " attempts: " + reason,
                        brazeText);
            }
        }
        release(batch);
        if (again.isEmpty()) {
            return;
        }
        Batch retry = again.size() == batch.size() ? batch : new Batch(batch.kind(), again);
        hold(retry);
        long backoff = config.retryPolicy.backoffMillis(retry.maxAttempts());
        retry.dueAt(now + backoff);
        park(retry);
        metrics.retried(retry.size());
        LOG.warn(
                "Request to {} failed ({}); retrying {} records in {} ms (attempt {} of {})",
                batch.kind().endpoint().path(),
                reason,
                retry.size(),
                backoff,
                retry.maxAttempts() + 1,
                config.retryPolicy.maxAttempts());
    }

    private void deadLetter(PendingRecord record, String reason, String brazeText) {
        deadLetters.send(
                new DeadLetter(record.record().origin(), reason, record.attempts(), brazeText));
        metrics.deadLettered();
    }

    private void hold(Batch batch) {
        for (String user : batch.users()) {
            heldUsers.merge(user, 1, Integer::sum);
        }
    }

    private void release(Batch batch) {
        for (String user : batch.users()) {
            heldUsers.computeIfPresent(user, (u, count) -> count > 1 ? count - 1 : null);
        }
    }

    private RateLimitBudget budget(RequestKind kind) {
        return budgets.get(kind.endpoint().family());
    }

    private void promoteDueRetries(long now) {
        for (int i = waiting.size() - 1; i >= 0; i--) {
            Batch batch = waiting.get(i);
            if (batch.dueAtMillis() <= now) {
                waiting.remove(i);
                ready.put(batch.order(), batch);
            }
        }
    }

    /** Registers a timer for the earliest moment something may become sendable. */
    private void scheduleNextWakeUp(long now) {
        long next = Long.MAX_VALUE;
        for (Batch batch : waiting) {
            next = Math.min(next, batch.dueAtMillis());
        }
        long lingerEnd = buffer.oldestAcceptedAtMillis() + config.linger.toMillis();
        if (!buffer.isEmpty() && lingerEnd > now) {
            next = Math.min(next, lingerEnd);
        }
        if (!buffer.isEmpty() || !ready.isEmpty()) {
            for (RateLimitBudget budget : budgets.values()) {
                long room = budget.nextRoomAtMillis(now);
                if (room > now) {
                    next = Math.min(next, room);
                }
            }
        }
        scheduleWakeUp(now, next);
    }

    private void scheduleWakeUp(long now, long at) {
        if (at == Long.MAX_VALUE || (wakeUpAtMillis > now && wakeUpAtMillis <= at)) {
            return;
        }
        wakeUpAtMillis = at;
        time.registerTimer(
                at,
                firedAt -> {
                    if (wakeUpAtMillis == at) {
                        wakeUpAtMillis = Long.MAX_VALUE;
                    }
                    sendWhatIsReady(false);
                });
    }

    /** At end of input: wait for an answer, or sleep until the next retry or budget is due. */
    private void awaitProgress() throws InterruptedException {
        if (!inFlight.isEmpty()) {
            mailbox.yield();
            return;
        }
        if (mailbox.tryYield()) {
            return;
        }
        Thread.sleep(10);
    }
}
