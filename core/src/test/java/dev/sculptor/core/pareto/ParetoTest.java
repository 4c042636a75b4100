package dev.sculptor.core.pareto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParetoTest {
  static final Function<Objectives, Objectives> SELF = o -> o;

  @Test
  void constrainedDominanceRanksFeasibleFirstThenSmallerViolation() {
    Objectives feasibleButWeak = new Objectives(0.2, 90, 9_000, 0);
    Objectives infeasibleButStrong = new Objectives(0.99, 1, 10, 0.1);
    Objectives veryInfeasible = new Objectives(0.99, 1, 10, 2.0);
    assertThat(Dominance.dominates(feasibleButWeak, infeasibleButStrong)).isTrue();
    assertThat(Dominance.dominates(infeasibleButStrong, veryInfeasible)).isTrue();
    assertThat(Dominance.dominates(veryInfeasible, infeasibleButStrong)).isFalse();
  }

  @Test
  void frontKeepsOnlyFeasibleNonDominatedPoints() {
    Objectives a = new Objectives(0.9, 10, 1000, 0);
    Objectives b = new Objectives(0.8, 5, 1000, 0);
    Objectives dominated = new Objectives(0.7, 10, 2000, 0);
    Objectives infeasible = new Objectives(0.99, 1, 1, 0.5);
    assertThat(ParetoFront.of(List.of(a, b, dominated, infeasible), SELF))
        .containsExactlyInAnyOrder(a, b);
  }

  @Test
  void maximisedVectorsAgreeWithConstrainedDominance() {
    List<Objectives> points =
        List.of(
            new Objectives(0.9, 10, 1000, 0),
            new Objectives(0.8, 5, 1000, 0),
            new Objectives(0.5, 50, 50, 0.3),
            new Objectives(0.95, 1, 10, 1.5),
            new Objectives(0.7, 10, 2000, 0));
    for (Objectives p : points) {
      for (Objectives q : points) {
        double[] a = Dominance.asMaximised(p);
        double[] b = Dominance.asMaximised(q);
        boolean vec =
            a[0] >= b[0]
                && a[1] >= b[1]
                && a[2] >= b[2]
                && (a[0] > b[0] || a[1] > b[1] || a[2] > b[2]);
        assertThat(vec).as(p + " vs " + q).isEqualTo(Dominance.dominates(p, q));
      }
    }
  }

  @Test
  void hypervolumeOfKnownBoxes() {
    // one point at costs (0.5, 0.5, 0.5): a box of 0.125
    assertThat(Hypervolume.of(List.of(new Objectives(0.5, 50, 500, 0)), 100, 1000))
        .isCloseTo(0.125, within(1e-12));
    // two boxes (0.5,0.5,0.5) and (0.75 acc → 0.25, 0.75, 0.75): union = 0.125 + 0.75*0.25*0.25 -
    // 0.25*0.25*0.25... computed exactly
    double hv =
        Hypervolume.of(
            List.of(new Objectives(0.5, 50, 500, 0), new Objectives(0.75, 75, 750, 0)), 100, 1000);
    double expected = 0.5 * 0.5 * 0.5 + 0.75 * 0.25 * 0.25 - 0.5 * 0.25 * 0.25;
    assertThat(hv).isCloseTo(expected, within(1e-12));
    // infeasible points count for nothing
    assertThat(Hypervolume.of(List.of(new Objectives(0.99, 1, 1, 1)), 100, 1000)).isZero();
  }
}
