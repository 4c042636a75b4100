package dev.sculptor.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The multi-fidelity replay's cost accounting on the committed tables: the credit for resuming
 * changes what a continuation costs, never what the search sees, and fixed fidelity pays one epoch
 * per evaluation (two when pruned).
 */
class FidelityReplayTest {
  static final double LOW_SHARE = 2000.0 / 8002;
  static ReplayTable.Table full;
  static Map<String, Double> low;

  @BeforeAll
  static void load() throws Exception {
    full = ReplayTable.Table.load(Path.of("search/table/mobile-cnn-reduced.jsonl"), 20_000, 0.30);
    low = FidelityReplay.lowAccuracies(Path.of("search/table/mobile-cnn-reduced-2000.jsonl"));
  }

  @Test
  void theLowTableHoldsEveryCandidateOfTheFullOne() {
    assertThat(low.keySet()).isEqualTo(full.rows().keySet());
    assertThat(low.values()).doesNotContainNull();
  }

  @Test
  void resumeCreditLowersTheCostOfContinuationsOnlyAndFixedFidelityPaysWholeEvaluations() {
    List<double[]> noCredit =
        FidelityReplay.replay(full, low, LOW_SHARE, 0.5, false, 1, 40).costAndShare();
    List<double[]> credit =
        FidelityReplay.replay(full, low, LOW_SHARE, 0.5, true, 1, 40).costAndShare();
    int steps = Math.min(noCredit.size(), credit.size());
    assertThat(steps).isGreaterThan(12);
    boolean cheaper = false;
    for (int i = 0; i < steps; i++) {
      assertThat(credit.get(i)[1]).as("hypervolume at step %d", i).isEqualTo(noCredit.get(i)[1]);
      assertThat(credit.get(i)[0]).isLessThanOrEqualTo(noCredit.get(i)[0] + 1e-9);
      cheaper |= credit.get(i)[0] < noCredit.get(i)[0] - 1e-9;
    }
    assertThat(cheaper).as("some candidate was continued").isTrue();

    List<double[]> fixed =
        FidelityReplay.replay(full, low, LOW_SHARE, null, false, 1, 40).costAndShare();
    double previous = 0;
    for (double[] step : fixed) {
      assertThat(step[0] - previous).isIn(1.0, 2.0);
      previous = step[0];
    }
  }
}
