package io.brazesync.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Which faults the emulator injects, built fluently and immutable.
 *
 * <p>Every decision is a pure function of the seed and the request's position since the plan was
 * installed (plus the clock, for a rate-limit storm), so a failing test replays the same faults
 * when it sends the same requests in the same order. The shares of {@link #hang}, {@link
 * #serverErrors} and {@link #dropAfterApply} exclude each other and together are at most 1; {@link
 * #latency} comes on top of them. Scripted failures ({@link #failNext}) come first, then a storm,
 * then the seeded faults. Faults that answer on their own do so before the key is checked, as a
 * gateway in front of Braze would, and take nothing from the rate-limit budget.
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
    private static final FaultPlan NONE =
            new FaultPlan(0L, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, List.of());

    private final long seed;
    private final double serverErrorShare;
    private final double dropAfterApplyShare;
    private final double hangShare;
    private final Duration latencyMin;
    private final Duration latencyMax;
    private final Duration stormLength;
    private final List<ScriptedFailure> scriptedFailures;

    private FaultPlan(
            long seed,
            double serverErrorShare,
            double dropAfterApplyShare,
            double hangShare,
            Duration latencyMin,
            Duration latencyMax,
            Duration stormLength,
            List<ScriptedFailure> scriptedFailures) {
        this.seed = seed;
        this.serverErrorShare = serverErrorShare;
        this.dropAfterApplyShare = dropAfterApplyShare;
        this.hangShare = hangShare;
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
        return NONE.withSeed(seed);
    }

    /** Answers this share of requests with 500, 502, 503 or 504, without applying them. */
    public FaultPlan serverErrors(double share) {
        checkShare("serverErrors", share);
        return checkedShares(
                new FaultPlan(
                        seed,
                        share,
                        dropAfterApplyShare,
                        hangShare,
                        latencyMin,
                        latencyMax,
                        stormLength,
                        scriptedFailures));
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
        return new FaultPlan(
                seed,
                serverErrorShare,
                dropAfterApplyShare,
                hangShare,
                min,
                max,
                stormLength,
                scriptedFailures);
    }

    /** Applies this share of requests, then closes the connection without an answer. */
    public FaultPlan dropAfterApply(double share) {
        checkShare("dropAfterApply", share);
        return checkedShares(
                new FaultPlan(
                        seed,
                        serverErrorShare,
                        share,
                        hangShare,
                        latencyMin,
                        latencyMax,
                        stormLength,
                        scriptedFailures));
    }

    /** Never answers nor applies this share of requests; their connections stay open. */
    public FaultPlan hang(double share) {
        checkShare("hang", share);
        return checkedShares(
                new FaultPlan(
                        seed,
                        serverErrorShare,
                        dropAfterApplyShare,
                        share,
                        latencyMin,
                        latencyMax,
                        stormLength,
                        scriptedFailures));
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
        return new FaultPlan(
                seed,
                serverErrorShare,
                dropAfterApplyShare,
                hangShare,
                latencyMin,
                latencyMax,
                length,
                scriptedFailures);
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
        return new FaultPlan(
                seed,
                serverErrorShare,
                dropAfterApplyShare,
                hangShare,
                latencyMin,
                latencyMax,
                stormLength,
                failures);
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
        if (pick < hangShare) {
            return new FaultDecision(Fault.HANG, 0, Duration.ZERO, null);
        }
        if (pick < hangShare + serverErrorShare) {
            return new FaultDecision(Fault.SERVER_ERROR, serverErrorStatus, delay, null);
        }
        if (pick < hangShare + serverErrorShare + dropAfterApplyShare) {
            return new FaultDecision(Fault.DROP_AFTER_APPLY, 0, delay, null);
        }
        return delay.isZero()
                ? FaultDecision.NONE
                : new FaultDecision(Fault.LATENCY, 0, delay, null);
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

    private FaultPlan withSeed(long newSeed) {
        return new FaultPlan(
                newSeed,
                serverErrorShare,
                dropAfterApplyShare,
                hangShare,
                latencyMin,
                latencyMax,
                stormLength,
                scriptedFailures);
    }

    private static void checkShare(String setting, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(
                    setting + " share must be between 0 and 1, was " + share);
        }
    }

    private static FaultPlan checkedShares(FaultPlan plan) {
        double sum = plan.hangShare + plan.serverErrorShare + plan.dropAfterApplyShare;
        if (sum > 1) {
            throw new IllegalArgumentException(
                    "hang, serverErrors and dropAfterApply shares must add up to at most 1, was "
                            + sum);
        }
        return plan;
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
                + ", serverErrors="
                + serverErrorShare
                + ", dropAfterApply="
                + dropAfterApplyShare
                + ", hang="
                + hangShare
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
