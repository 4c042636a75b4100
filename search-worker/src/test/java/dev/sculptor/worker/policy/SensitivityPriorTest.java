package dev.sculptor.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.PrunableLayer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Priming the pruning policy from a sensitivity analysis whose fragile layers are known. */
class SensitivityPriorTest {
  static final List<PrunableLayer> LAYERS = PruningPolicyTest.LAYERS;

  /** The 3x3 convs (layers 0 and 2) lose a lot when pruned; the pointwise ones lose nothing. */
  static Sensitivity analysis() {
    List<Double> fragile = List.of(0.60, 0.35, 0.15);
    List<Double> robust = List.of(0.90, 0.90, 0.895);
    return new Sensitivity(
        0.90,
        List.of(0.25, 0.5, 0.75),
        List.of(
            new Sensitivity.Layer(0, "stem", "conv", 16, fragile, 0.89),
            new Sensitivity.Layer(1, "s1.b1.expand", "pointwise", 96, robust, 0.90),
            new Sensitivity.Layer(2, "s1.b2.conv", "conv", 32, fragile, 0.89),
            new Sensitivity.Layer(3, "s2.b1.expand", "pointwise", 192, robust, 0.90)),
        500,
        "validation",
        "test",
        1);
  }

  @Test
  void aPrimedPolicyLeavesFragileLayersWholeAndPrunesRobustOnes() {
    PruningPolicy fresh = PruningPolicy.fresh();
    PruningPolicy primed = PruningPolicy.fresh();
    assertThat(primed.prime(List.of(SensitivityPrior.of("a", LAYERS, analysis())))).isEqualTo(1);
    for (int i = 0; i < LAYERS.size(); i++) {
      double[] before = fresh.preferences(LAYERS, i, 1, 0);
      double[] after = primed.preferences(LAYERS, i, 1, 0);
      System.out.printf(
          "layer %d (%s): P(ratio 0) %.2f -> %.2f, P(ratio 0.75) %.2f -> %.2f%n",
          i, LAYERS.get(i).kind(), before[0], after[0], before[3], after[3]);
      assertThat(before[0]).isEqualTo(0.25);
      if (LAYERS.get(i).kind().equals("conv")) {
        assertThat(after[0]).isGreaterThan(0.8);
      } else {
        // the last ratio costs half a point here, so the target splits between 0.5 and 0.75
        assertThat(after[2] + after[3]).isGreaterThan(0.7);
        assertThat(after[0]).isLessThan(0.15);
      }
    }
  }

  @Test
  void whatItLearnsCarriesOverToANetworkItNeverSaw() {
    PruningPolicy primed = PruningPolicy.fresh();
    primed.prime(List.of(SensitivityPrior.of("a", LAYERS, analysis())));
    List<PrunableLayer> other =
        List.of(
            new PrunableLayer(0, "stem", "conv", 24, 3, 1, 150_000),
            new PrunableLayer(1, "s1.b1.expand", "pointwise", 144, 1, 1, 350_000));
    double[] conv = primed.preferences(other, 0, 1, 0);
    double[] pointwise = primed.preferences(other, 1, 1, 0);
    assertThat(conv[0]).isGreaterThan(pointwise[0] + 0.3);
    assertThat(pointwise[3]).isGreaterThan(conv[3] + 0.3);
  }

  @Test
  void anAnalysisIsAbsorbedOnceAndTheStateRemembersIt() {
    PruningPolicy policy = PruningPolicy.fresh();
    var analysis = SensitivityPrior.of("final-1", LAYERS, analysis());
    policy.prime(List.of(analysis));
    double[][] once = policy.state().weights();
    PruningPolicy copy =
        PruningPolicy.of(Json.read(Json.write(policy.state()), PruningPolicy.State.class));
    assertThat(copy.state().primedBy()).containsExactly("final-1");
    assertThat(copy.prime(List.of(analysis))).isZero();
    assertThat(copy.state().weights()).isDeepEqualTo(once);
  }

  @Test
  void theStateRemembersABoundedNumberOfAnalysesNewestKept() {
    PruningPolicy policy = PruningPolicy.fresh();
    List<SensitivityPrior.Analysis> many = new ArrayList<>();
    for (int i = 0; i < PruningPolicy.REMEMBERED_ANALYSES + 5; i++)
      many.add(new SensitivityPrior.Analysis("a" + i, List.of()));
    policy.prime(many);
    List<String> kept = policy.state().primedBy();
    assertThat(kept).hasSize(PruningPolicy.REMEMBERED_ANALYSES).doesNotContain("a0", "a4");
    assertThat(kept.getLast()).isEqualTo("a" + (PruningPolicy.REMEMBERED_ANALYSES + 4));
  }

  @Test
  void aStateSavedBeforePrimingExistedReadsWithNone() {
    String old = "{\"weights\":[[0.0]],\"baseline\":0.5,\"updates\":3,\"rewards\":[0.1,0.2,0.3]}";
    PruningPolicy.State state = Json.read(old, PruningPolicy.State.class);
    assertThat(state.primedBy()).isEmpty();
    assertThat(state.updates()).isEqualTo(3);
  }

  @Test
  void aLayerOrRatioTheAnalysisDidNotMeasureTeachesNothing() {
    Sensitivity partial =
        new Sensitivity(
            0.9,
            List.of(0.5),
            List.of(new Sensitivity.Layer(1, "s1.b1.expand", "pointwise", 96, List.of(0.9), 0.9)),
            500,
            "validation",
            "test",
            1);
    assertThat(SensitivityPrior.of("p", LAYERS, partial).examples()).isEmpty();
    var full = SensitivityPrior.of("f", LAYERS, analysis());
    assertThat(full.examples()).hasSize(4);
    for (var e : full.examples())
      assertThat(java.util.Arrays.stream(e.target()).sum())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
