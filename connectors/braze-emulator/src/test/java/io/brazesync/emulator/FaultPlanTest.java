package io.brazesync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault decisions as a pure function of seed, request index and clock. */
class FaultPlanTest {

    private static final Instant INSTALLED = Instant.parse("2024-05-01T10:00:00Z");

    private static List<FaultDecision> decisions(FaultPlan plan, int count) {
        List<FaultDecision> decisions = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            decisions.add(plan.decide(index, INSTALLED, INSTALLED.plusSeconds(60)));
        }
        return decisions;
    }

    private static FaultPlan mixed(long seed) {
        return FaultPlan.seeded(seed)
                .serverErrors(0.2)
                .dropAfterApply(0.1)
                .hang(0.05)
                .latency(Duration.ofMillis(1), Duration.ofMillis(20));
    }

    @Test
    void sameSeedDecidesTheSameFaults() {
        assertThat(decisions(mixed(42), 500)).isEqualTo(decisions(mixed(42), 500));
        assertThat(decisions(mixed(42), 500)).isNotEqualTo(decisions(mixed(43), 500));
    }

    @Test
    void sharesComeOutRoughlyAsAsked() {
        List<FaultDecision> decisions = decisions(mixed(7), 10_000);

        long serverErrors = decisions.stream().filter(d -> d.fault() == Fault.SERVER_ERROR).count();
        long drops = decisions.stream().filter(d -> d.fault() == Fault.DROP_AFTER_APPLY).count();

        assertThat(serverErrors).isBetween(1_800L, 2_200L);
        assertThat(drops).isBetween(850L, 1_150L);
        assertThat(decisions)
                .filteredOn(d -> d.fault() == Fault.SERVER_ERROR)
                .extracting(FaultDecision::status)
                .containsOnly(500, 502, 503, 504)
                .contains(500, 502, 503, 504);
        assertThat(decisions)
                .allSatisfy(d -> assertThat(d.delay()).isLessThanOrEqualTo(Duration.ofMillis(20)));
    }

    @Test
    void addingAnAnswerFaultLeavesTheOtherDecisionsAsTheyWere() {
        List<FaultDecision> before = decisions(mixed(42), 2_000);
        List<FaultDecision> after =
                decisions(mixed(42).htmlErrors(0.1).truncatedAnswers(0.1).htmlSuccess(0.1), 2_000);

        for (int index = 0; index < before.size(); index++) {
            if (before.get(index).fault() != null && before.get(index).fault() != Fault.LATENCY) {
                assertThat(after.get(index)).as("request %s", index).isEqualTo(before.get(index));
            }
        }
    }

    @Test
    void answerFaultsComeOutRoughlyAsAskedWithTheirStatuses() {
        FaultPlan plan = FaultPlan.seeded(9).htmlErrors(0.2).truncatedAnswers(0.1).htmlSuccess(0.1);

        List<FaultDecision> decisions = decisions(plan, 10_000);

        assertThat(decisions.stream().filter(d -> d.fault() == Fault.HTML_ERROR).count())
                .isBetween(1_800L, 2_200L);
        assertThat(decisions.stream().filter(d -> d.fault() == Fault.TRUNCATED_ANSWER).count())
                .isBetween(850L, 1_150L);
        assertThat(decisions.stream().filter(d -> d.fault() == Fault.HTML_SUCCESS).count())
                .isBetween(850L, 1_150L);
        assertThat(decisions)
                .filteredOn(d -> d.fault() == Fault.HTML_ERROR)
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(502))
                .allSatisfy(d -> assertThat(d.answersWithoutApplying()).isTrue());
        assertThat(decisions)
                .filteredOn(d -> d.fault() == Fault.HTML_SUCCESS)
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(200))
                .allSatisfy(d -> assertThat(d.answersWithoutApplying()).isTrue());
        assertThat(decisions)
                .filteredOn(d -> d.fault() == Fault.TRUNCATED_ANSWER)
                .allSatisfy(d -> assertThat(d.answersWithoutApplying()).isFalse());
        assertThat(decisions(plan, 500)).isEqualTo(decisions(plan, 500));
    }

    @Test
    void scriptedFailuresComeFirstInTheOrderGiven() {
        FaultPlan plan = FaultPlan.none().failNext(2, 503).failNext(1, 429);

        assertThat(decisions(plan, 4))
                .extracting(FaultDecision::status)
                .containsExactly(503, 503, 429, 0);
        assertThat(decisions(plan, 4).get(3)).isEqualTo(FaultDecision.NONE);
    }

    @Test
    void stormLastsItsLengthFromInstallation() {
        FaultPlan plan = FaultPlan.none().rateLimitStorm(Duration.ofSeconds(10));

        FaultDecision during = plan.decide(0, INSTALLED, INSTALLED.plusSeconds(9));
        FaultDecision after = plan.decide(1, INSTALLED, INSTALLED.plusSeconds(10));

        assertThat(during.fault()).isEqualTo(Fault.RATE_LIMIT_STORM);
        assertThat(during.stormEnd()).isEqualTo(INSTALLED.plusSeconds(10));
        assertThat(after.fault()).isNull();
    }

    @Test
    void refusesSharesAddingUpToMoreThanOne() {
        assertThatThrownBy(() -> FaultPlan.seeded(1).serverErrors(0.6).dropAfterApply(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1");
        assertThatThrownBy(() -> FaultPlan.seeded(1).hang(1.5)).hasMessageContaining("hang share");
        assertThatThrownBy(() -> FaultPlan.seeded(1).htmlErrors(0.6).truncatedAnswers(0.5))
                .hasMessageContaining("at most 1");
        assertThatThrownBy(() -> FaultPlan.seeded(1).htmlSuccess(-0.1))
                .hasMessageContaining("htmlSuccess share");
        assertThatThrownBy(() -> FaultPlan.none().failNext(1, 201))
                .hasMessageContaining("failNext status");
    }
}
