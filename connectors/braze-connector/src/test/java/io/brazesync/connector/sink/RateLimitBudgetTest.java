package io.brazesync.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RateLimitBudgetTest {

    private static final long T0 = 1_700_000_000_000L;

    /** Every millisecond for {@code millis}, sends whenever the budget allows; the send times. */
    private static List<Long> sendAsFastAsAllowed(RateLimitBudget budget, long millis) {
        List<Long> sent = new ArrayList<>();
        for (long now = T0; now < T0 + millis; now++) {
            while (budget.tryAcquire(now)) {
                sent.add(now);
            }
        }
        return sent;
    }

    @Test
    void twoSubtasksTogetherStayWithinEveryWindowYetUseNearlyAllOfIt() {
        RateLimitBudget first = new RateLimitBudget(300, 3000, 2);
        RateLimitBudget second = new RateLimitBudget(300, 3000, 2);

        List<Long> sent = sendAsFastAsAllowed(first, 30_000);
        sent.addAll(sendAsFastAsAllowed(second, 30_000));

        for (long windowStart = T0; windowStart < T0 + 27_000; windowStart += 37) {
            long start = windowStart;
            long inWindow = sent.stream().filter(t -> t >= start && t < start + 3000).count();
            assertThat(inWindow).as("requests in the window from %s", start).isLessThan(300);
        }
        assertThat(sent.size() / 10.0 / 300).isGreaterThan(0.96);
    }

    @Test
    void aSmallShareStillNeverFillsAWindowToTheLastRequest() {
        RateLimitBudget first = new RateLimitBudget(40, 1000, 2);
        RateLimitBudget second = new RateLimitBudget(40, 1000, 2);

        List<Long> sent = sendAsFastAsAllowed(first, 20_000);
        sent.addAll(sendAsFastAsAllowed(second, 20_000));

        for (long windowStart = T0; windowStart < T0 + 19_000; windowStart += 13) {
            long start = windowStart;
            assertThat(sent.stream().filter(t -> t >= start && t < start + 1000).count())
                    .as("requests in the window from %s", start)
                    .isLessThan(40);
        }
    }

    @Test
    void aQuietSubtaskSendsAtOnce() {
        RateLimitBudget budget = new RateLimitBudget(3000, 3000, 2);
        budget.tryAcquire(T0);

        assertThat(budget.nextRoomAtMillis(T0 + 10_000)).isEqualTo(T0 + 10_000);
        int burst = 0;
        while (budget.tryAcquire(T0 + 10_000)) {
            burst++;
        }
        assertThat(burst).as("a burst within the margin the pace leaves").isBetween(1, 15);
    }

    @Test
    void waitsForTheResetWhenTheWorkspaceHasNothingLeft() {
        RateLimitBudget budget = new RateLimitBudget(100, 1000, 1);
        long resetSecond = (T0 + 3000) / 1000;

        budget.onHeaders(
                OptionalLong.of(100), OptionalLong.of(0), OptionalLong.of(resetSecond), T0);

        assertThat(budget.hasRoom(T0 + 2000)).isFalse();
        assertThat(budget.nextRoomAtMillis(T0)).isEqualTo(resetSecond * 1000);
        assertThat(budget.hasRoom(resetSecond * 1000)).isTrue();
    }

    @Test
    void waitsForTheResetAfterA429() {
        RateLimitBudget budget = new RateLimitBudget(100, 1000, 1);
        long resetSecond = (T0 + 5000) / 1000;

        long until = budget.onRateLimited(OptionalLong.of(resetSecond), T0);

        assertThat(until).isEqualTo(resetSecond * 1000);
        assertThat(budget.hasRoom(T0 + 4000)).isFalse();
        assertThat(budget.hasRoom(resetSecond * 1000)).isTrue();
    }

    @Test
    void aSmallerLimitInTheHeadersSlowsThePace() {
        RateLimitBudget budget = new RateLimitBudget(1000, 1000, 1);

        budget.onHeaders(OptionalLong.of(10), OptionalLong.empty(), OptionalLong.empty(), T0);

        assertThat(sendAsFastAsAllowed(budget, 10_000)).hasSizeBetween(85, 92);
    }

    @Test
    void aFewRequestsLeftInTheWindowDoNotSlowThePaceDown() {
        RateLimitBudget budget = new RateLimitBudget(3000, 3000, 1);
        budget.onHeaders(OptionalLong.of(3000), OptionalLong.of(1), OptionalLong.empty(), T0);

        assertThat(budget.tryAcquire(T0)).isTrue();
        assertThat(budget.tryAcquire(T0))
                .as("the pace, not the count left, decides; a 429 would say it is spent")
                .isTrue();
    }
}
