package io.brazesync.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RateLimitBudgetTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void eachSubtaskTakesItsShareOfTheWorkspaceLimitPerWindow() {
        RateLimitBudget budget = new RateLimitBudget(10, 1000, 2);

        int granted = 0;
        while (budget.tryAcquire(T0)) {
            granted++;
        }

        assertThat(granted).isEqualTo(5);
        assertThat(budget.nextRoomAtMillis(T0)).isEqualTo(T0 + 1000);
        assertThat(budget.tryAcquire(T0 + 1000)).isTrue();
    }

    @Test
    void remainingHeaderLowersWhatIsLeft() {
        RateLimitBudget budget = new RateLimitBudget(100, 1000, 1);
        budget.tryAcquire(T0);

        budget.onHeaders(OptionalLong.of(100), OptionalLong.of(2), OptionalLong.empty(), T0);

        assertThat(budget.tryAcquire(T0)).isTrue();
        assertThat(budget.tryAcquire(T0)).isTrue();
        assertThat(budget.tryAcquire(T0)).isFalse();
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
    void aSmallerLimitInTheHeadersReplacesTheConfiguredOne() {
        RateLimitBudget budget = new RateLimitBudget(1000, 1000, 1);

        budget.onHeaders(OptionalLong.of(3), OptionalLong.empty(), OptionalLong.empty(), T0);

        int granted = 0;
        while (budget.tryAcquire(T0)) {
            granted++;
        }
        assertThat(granted).isEqualTo(3);
    }
}
