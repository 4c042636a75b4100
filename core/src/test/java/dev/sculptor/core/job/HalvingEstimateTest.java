package dev.sculptor.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The preview's time per candidate under successive halving is its expected cost. */
class HalvingEstimateTest {

  @Test
  void halvingCostsTheFirstStagePlusTheKeptShareOfTheRest() {
    Fidelity fixed = Fidelity.of(4, null, 1);
    Fidelity halving = Fidelity.of(4, null, 1, FidelitySchedule.SUCCESSIVE_HALVING, 1, 0.5);
    int examples = 8000;
    double perEpoch = examples * BudgetEstimate.SECONDS_PER_EXAMPLE_EPOCH;

    double expected =
        BudgetEstimate.FIXED_SECONDS
            + 2 * perEpoch // first epoch + fine-tune
            + 0.5 * (BudgetEstimate.FIXED_SECONDS + 4 * perEpoch); // 3 more epochs + fine-tune

    assertThat(BudgetEstimate.secondsPerCandidate(halving, examples))
        .isCloseTo(expected, within(1e-9))
        .isLessThan(BudgetEstimate.secondsPerCandidate(fixed, examples));
    assertThat(BudgetEstimate.secondsPerCandidate(fixed, examples))
        .isCloseTo(BudgetEstimate.FIXED_SECONDS + 5 * perEpoch, within(1e-9));
  }
}
