package dev.sculptor.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BudgetEstimateTest {

  @Test
  void aSmallBudgetIsEvaluatedWholeInAFewGenerations() {
    BudgetEstimate e =
        BudgetEstimate.of(
            spec(new Budget(8, 30, null, null, null), new Fidelity(1, 500, 1)), 8000, 1);

    assertThat(e.candidates()).isEqualTo(8);
    assertThat(e.populationSize()).isEqualTo(4);
    assertThat(e.generations()).isEqualTo(2);
    assertThat(e.trainExamples()).isEqualTo(500);
    assertThat(e.epochsPerCandidate()).isEqualTo(2);
    assertThat(e.candidateEpochs()).isEqualTo(16);
    assertThat(e.secondsPerCandidate())
        .isEqualTo(BudgetEstimate.secondsPerCandidate(new Fidelity(1, 500, 1), 500));
    assertThat(e.totalSeconds()).isEqualTo(8 * e.secondsPerCandidate());
    assertThat(e.limitedByWallClock()).isFalse();
  }

  @Test
  void theWallClockEndsALargeBudgetFirst() {
    BudgetEstimate e =
        BudgetEstimate.of(
            spec(new Budget(500, 1, null, null, null), new Fidelity(10, null, 1)), 8000, 1);

    assertThat(e.limitedByWallClock()).isTrue();
    assertThat(e.candidates()).isLessThan(500);
    assertThat(e.totalSeconds()).isEqualTo(60);
    assertThat(e.candidateEpochs()).isEqualTo(500 * 11);
  }

  @Test
  void generationsCapTheCandidatesAndEvaluatorsShareTheWork() {
    Budget budget = new Budget(40, 600, 2, 5, null);
    BudgetEstimate serial = BudgetEstimate.of(spec(budget, Fidelity.defaults()), 2000, 0);
    BudgetEstimate parallel = BudgetEstimate.of(spec(budget, Fidelity.defaults()), 2000, 4);

    assertThat(serial.candidates()).isEqualTo(10);
    assertThat(serial.generations()).isEqualTo(2);
    assertThat(serial.evaluators()).isEqualTo(1);
    assertThat(parallel.totalSeconds()).isLessThan(serial.totalSeconds());
    assertThat(parallel.totalSeconds())
        .isEqualTo(Math.ceil(10 / 4.0) * parallel.secondsPerCandidate());
  }

  private static JobSpec spec(Budget budget, Fidelity fidelity) {
    return new JobSpec(
            "t", null, null, null, null, Objective.DEFAULTS, budget, null, fidelity, null)
        .withDefaults();
  }
}
