package dev.sculptor.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.metrics.ComputedMetrics;
import org.junit.jupiter.api.Test;

/** The free check: which known limits a candidate's computed numbers miss, by how much, and why. */
class ConstructionCheckTest {
  static final ComputedMetrics COMPUTED =
      new ComputedMetrics(ComputedMetrics.SOURCE, 1_200_000, 300_000, 40_000_000, 250_000);

  @Test
  void withinEveryKnownLimitItPasses() {
    ConstructionCheck check =
        ConstructionCheck.of(
            new Constraints(1_200_000L, 0.001, 300_000L, 40_000_000L, 250_000L, 0.99), COMPUTED);
    assertThat(check.passes()).as("latency and accuracy are not known yet").isTrue();
    assertThat(check.violation()).isZero();
    assertThat(check.reason()).isEmpty();
  }

  @Test
  void eachMissedLimitAddsItsRelativeExcessAndNamesItself() {
    ConstructionCheck check =
        ConstructionCheck.of(new Constraints(1_000_000L, null, 200_000L, null, 200_000L), COMPUTED);
    assertThat(check.passes()).isFalse();
    assertThat(check.violation()).isCloseTo(0.2 + 0.5 + 0.25, within(1e-12));
    assertThat(check.reason())
        .isEqualTo(
            "computed size at least 1.20 MB exceeds maxModelBytes 1.00 MB; computed parameters"
                + " 300.0k exceeds maxParams 200.0k; computed peak activation memory 250.0 kB"
                + " exceeds maxPeakMemoryBytes 200.0 kB");
  }

  @Test
  void numbersThatRoundAlikeAreShownExactly() {
    ConstructionCheck check =
        ConstructionCheck.of(new Constraints(1_199_999L, null, null, null, null), COMPUTED);
    assertThat(check.reason())
        .isEqualTo("computed size at least 1200000 B exceeds maxModelBytes 1199999 B");
  }

  @Test
  void onlyLimitsTheSpecSettlesMakeTheCheckApply() {
    assertThat(ConstructionCheck.applies(Constraints.none())).isFalse();
    assertThat(ConstructionCheck.applies(new Constraints(null, 5.0, null, null, null, 0.9)))
        .isFalse();
    assertThat(ConstructionCheck.applies(new Constraints(null, null, null, 1L, null))).isTrue();
  }
}
