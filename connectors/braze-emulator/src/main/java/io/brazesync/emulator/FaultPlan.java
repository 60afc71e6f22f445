package io.brazesync.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Which faults the emulator injects, built fluently and immutable.
 *
 * <p>Every decision is a pure function of the seed and the request's position since the plan was
 * installed (plus the clock, for a rate-limit storm), so a failing test replays the same faults
 * when it sends the same requests in the same order. The shares of {@link #hang}, {@link
 * #serverErrors}, {@link #dropAfterApply}, {@link #htmlErrors}, {@link #truncatedAnswers} and
 * {@link #htmlSuccess} exclude each other and together are at most 1; {@link #latency} comes on top
 * of them. Scripted failures ({@link #failNext}) come first, then a storm, then the seeded faults.
 * Faults that answer on their own do so before the key is checked, as a gateway in front of Braze
 * would, and take nothing from the rate-limit budget.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.seeded(42)
 *         .serverErrors(0.1)
 *         .dropAfterApply(0.05)
 *         .latency(Duration.ofMillis(5), Duration.ofMillis(50));
 * }</pre>
 */
public final class FaultPlan {

    private static final int[] SERVER_ERROR_STATUSES = {500, 502, 503, 504};

    /**
     * How the seeded shares are laid out on [0, 1), in this order. A new kind goes last, so the
     * plans written before it replay unchanged.
     */
    private static final List<Fault> SEEDED_FAULTS =
            List.of(
                    Fault.HANG,
                    Fault.SERVER_ERROR,
                    Fault.DROP_AFTER_APPLY,
                    Fault.HTML_ERROR,
                    Fault.TRUNCATED_ANSWER,
                    Fault.HTML_SUCCESS,
                    Fault.ERRORS_NAMING_NO_OBJECT);

    private static final FaultPlan NONE =
            new FaultPlan(0L, Map.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, List.of());

    private final long seed;
    private final Map<Fault, Double> shares;
    private final Duration latencyMin;
    private final Duration latencyMax;
    private final Duration stormLength;
    private final List<ScriptedFailure> scriptedFailures;

    private FaultPlan(
            long seed,
            Map<Fault, Double> shares,
            Duration latencyMin,
            Duration latencyMax,
            Duration stormLength,
            List<ScriptedFailure> scriptedFailures) {
        this.seed = seed;
        this.shares = shares;
        this.latencyMin = latencyMin;
        this.latencyMax = latencyMax;
        this.stormLength = stormLength;
        this.scriptedFailures = List.copyOf(scriptedFailures);
    }

    /** No faults: every request is served at once. */
    public static FaultPlan none() {
        return NONE;
    }

    /** No faults yet, with the seed that the faults added next draw from. */
    public static FaultPlan seeded(long seed) {
        return new FaultPlan(
                seed, NONE.shares, NONE.latencyMin, NONE.latencyMax, NONE.stormLength, List.of());
    }

    /** Answers this share of requests with 500, 502, 503 or 504, without applying them. */
    public FaultPlan serverErrors(double share) {
        return withShare("serverErrors", Fault.SERVER_ERROR, share);
    }

    /**
     * Delays every request by a duration drawn between min and max before serving it. A request
     * whose client gives up during the delay is still applied, as a real server would.
     */
    public FaultPlan latency(Duration min, Duration max) {
        Objects.requireNonNull(min, "latency min must not be null");
        Objects.requireNonNull(max, "latency max must not be null");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "latency needs 0 <= min <= max, was min " + min + " max " + max);
        }
        return new FaultPlan(seed, shares, min, max, stormLength, scriptedFailures);
    }

    /** Applies this share of requests, then closes the connection without an answer. */
    public FaultPlan dropAfterApply(double share) {
        return withShare("dropAfterApply", Fault.DROP_AFTER_APPLY, share);
    }

    /** Never answers nor applies this share of requests; their connections stay open. */
    public FaultPlan hang(double share) {
        return withShare("hang", Fault.HANG, share);
    }

    /**
     * Answers this share of requests 502 with a {@code text/html} error page, as a proxy or load
     * balancer in front of Braze would, without applying them.
     */
    public FaultPlan htmlErrors(double share) {
        return withShare("htmlErrors", Fault.HTML_ERROR, share);
    }

    /**
     * Applies this share of requests, then answers with Braze's status and its JSON body cut in the
     * middle, so the client cannot tell whether the request was applied.
     */
    public FaultPlan truncatedAnswers(double share) {
        return withShare("truncatedAnswers", Fault.TRUNCATED_ANSWER, share);
    }

    /**
     * Answers this share of requests 200 with a {@code text/html} page, as a captive proxy would,
     * without applying them.
     */
    public FaultPlan htmlSuccess(double share) {
        return withShare("htmlSuccess", Fault.HTML_SUCCESS, share);
    }

    /**
     * Answers this share of requests 400 with an {@code errors} entry whose index is beyond every
     * array of the request, without applying them: an answer a client cannot map to its objects.
     */
    public FaultPlan errorsNamingNoObject(double share) {
        return withShare("errorsNamingNoObject", Fault.ERRORS_NAMING_NO_OBJECT, share);
    }

    /**
     * Answers every request 429, with {@code X-RateLimit-Remaining: 0} and a reset at the storm's
     * end, for this long from the moment the plan is installed.
     */
    public FaultPlan rateLimitStorm(Duration length) {
        Objects.requireNonNull(length, "rateLimitStorm length must not be null");
        if (length.isNegative()) {
            throw new IllegalArgumentException(
                    "rateLimitStorm length must not be negative, was " + length);
        }
        return new FaultPlan(seed, shares, latencyMin, latencyMax, length, scriptedFailures);
    }

    /**
     * Answers the next {@code count} requests with {@code status} without applying them. Calls add
     * up: {@code failNext(2, 503).failNext(1, 429)} fails the first two with 503, the third with
     * 429.
     */
    public FaultPlan failNext(int count, int status) {
        if (count < 1) {
            throw new IllegalArgumentException("failNext count must be at least 1, was " + count);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException(
                    "failNext status must be between 400 and 599, was " + status);
        }
        List<ScriptedFailure> failures = new ArrayList<>(scriptedFailures);
        failures.add(new ScriptedFailure(count, status));
        return new FaultPlan(seed, shares, latencyMin, latencyMax, stormLength, failures);
    }

    public long seed() {
        return seed;
    }

    /**
     * Decides the fault of the request at {@code index} (0 for the first request after the plan was
     * installed at {@code installedAt}).
     */
    FaultDecision decide(long index, Instant installedAt, Instant now) {
        // Every draw happens for every request, so adding one kind of fault to a plan does not
        // shift the decisions of the others.
        SplittableRandom random = new SplittableRandom(mix(seed, index));
        double pick = random.nextDouble();
        int serverErrorStatus = SERVER_ERROR_STATUSES[random.nextInt(SERVER_ERROR_STATUSES.length)];
        Duration delay = latencyAt(random.nextDouble());

        int scriptedStatus = scriptedStatusAt(index);
        if (scriptedStatus != 0) {
            return new FaultDecision(Fault.SCRIPTED_STATUS, scriptedStatus, delay, null);
        }
        Instant stormEnd = installedAt.plus(stormLength);
        if (now.isBefore(stormEnd)) {
            return new FaultDecision(Fault.RATE_LIMIT_STORM, 429, delay, stormEnd);
        }
        Fault seeded = seededFaultAt(pick);
        if (seeded != null) {
            return seededDecision(seeded, serverErrorStatus, delay);
        }
        return delay.isZero()
                ? FaultDecision.NONE
                : new FaultDecision(Fault.LATENCY, 0, delay, null);
    }

    private Fault seededFaultAt(double pick) {
        double end = 0;
        for (Fault fault : SEEDED_FAULTS) {
            end += shares.getOrDefault(fault, 0.0);
            if (pick < end) {
                return fault;
            }
        }
        return null;
    }

    private static FaultDecision seededDecision(
            Fault fault, int serverErrorStatus, Duration delay) {
        switch (fault) {
            case HANG:
                return new FaultDecision(Fault.HANG, 0, Duration.ZERO, null);
            case SERVER_ERROR:
                return new FaultDecision(Fault.SERVER_ERROR, serverErrorStatus, delay, null);
            case HTML_ERROR:
                return new FaultDecision(Fault.HTML_ERROR, 502, delay, null);
            case HTML_SUCCESS:
                return new FaultDecision(Fault.HTML_SUCCESS, 200, delay, null);
            case ERRORS_NAMING_NO_OBJECT:
                return new FaultDecision(Fault.ERRORS_NAMING_NO_OBJECT, 400, delay, null);
            default:
                return new FaultDecision(fault, 0, delay, null);
        }
    }

    private int scriptedStatusAt(long index) {
        long remaining = index;
        for (ScriptedFailure failure : scriptedFailures) {
            if (remaining < failure.count()) {
                return failure.status();
            }
            remaining -= failure.count();
        }
        return 0;
    }

    private Duration latencyAt(double draw) {
        long spreadNanos = latencyMax.minus(latencyMin).toNanos();
        return latencyMin.plusNanos((long) (spreadNanos * draw));
    }

    private FaultPlan withShare(String setting, Fault fault, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(
                    setting + " share must be between 0 and 1, was " + share);
        }
        Map<Fault, Double> changed = new EnumMap<>(Fault.class);
        changed.putAll(shares);
        changed.put(fault, share);
        double sum = changed.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum > 1) {
            throw new IllegalArgumentException(
                    "the shares of hang, serverErrors, dropAfterApply, htmlErrors,"
                            + " truncatedAnswers and htmlSuccess must add up to at most 1, was "
                            + sum);
        }
        return new FaultPlan(seed, changed, latencyMin, latencyMax, stormLength, scriptedFailures);
    }

    // SplitMix64's finaliser: neighbouring indexes get unrelated random streams.
    private static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "FaultPlan{seed="
                + seed
                + ", shares="
                + shares
                + ", latency="
                + latencyMin
                + ".."
                + latencyMax
                + ", rateLimitStorm="
                + stormLength
                + ", failNext="
                + scriptedFailures
                + "}";
    }

    /** Scripted failures: the next {@code count} requests answered with {@code status}. */
    private record ScriptedFailure(int count, int status) {}
}
