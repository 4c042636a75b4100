package dev.sculptor.core.pareto;

import static dev.sculptor.core.job.Objective.MAXIMIZE_ACCURACY;
import static dev.sculptor.core.job.Objective.MINIMIZE_LATENCY;
import static dev.sculptor.core.job.Objective.MINIMIZE_MACS;
import static dev.sculptor.core.job.Objective.MINIMIZE_PARAMS;
import static dev.sculptor.core.job.Objective.MINIMIZE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.job.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  static Objectives on(
      List<Objective> axes, double acc, double ms, double bytes, double params, double macs) {
    return new Objectives(acc, ms, bytes, params, macs, 0, axes);
  }

  @Test
  void fourArgumentObjectivesKeepTodaysMeaning() {
    Objectives o = new Objectives(0.9, 10, 1000, 0.2);
    assertThat(o)
        .isEqualTo(new Objectives(0.9, 10, 1000, 0, 0, 0.2, Objective.DEFAULTS))
        .extracting(Objectives::axes)
        .isEqualTo(List.of(MAXIMIZE_ACCURACY, MINIMIZE_LATENCY, MINIMIZE_SIZE));
    // latency alone decides between two otherwise equal candidates, as before
    assertThat(
            Dominance.dominates(new Objectives(0.9, 5, 1000, 0), new Objectives(0.9, 10, 1000, 0)))
        .isTrue();
    assertThat(Dominance.asMaximised(new Objectives(0.9, 10, 1000, 0)))
        .containsExactly(0.9, -10, -1000);
    assertThat(Dominance.asMaximised(new Objectives(0.9, 10, 1000, 0.5)))
        .containsExactly(-1.5, -1.5e15, -1.5e15);
  }

  @Test
  void axesAreKeptInObjectiveOrderAndBounded() {
    assertThat(on(List.of(MINIMIZE_SIZE, MAXIMIZE_ACCURACY), 0.9, 1, 2, 3, 4).axes())
        .containsExactly(MAXIMIZE_ACCURACY, MINIMIZE_SIZE);
    assertThatThrownBy(() -> on(List.of(), 0.9, 1, 2, 3, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                on(
                    List.of(MAXIMIZE_ACCURACY, MINIMIZE_LATENCY, MINIMIZE_SIZE, MINIMIZE_MACS),
                    0.9,
                    1,
                    2,
                    3,
                    4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoObjectiveDominanceIgnoresTheOtherAxes() {
    List<Objective> accuracyAndSize = List.of(MAXIMIZE_ACCURACY, MINIMIZE_SIZE);
    Objectives fast = on(accuracyAndSize, 0.9, 5, 1000, 10, 10);
    Objectives slow = on(accuracyAndSize, 0.9, 50, 1000, 99, 99);
    Objectives smaller = on(accuracyAndSize, 0.9, 500, 900, 999, 999);
    // latency, params and MACs are not the job's objectives: equal on its two axes, no dominance
    assertThat(Dominance.dominates(fast, slow)).isFalse();
    assertThat(Dominance.dominates(slow, fast)).isFalse();
    assertThat(Dominance.dominates(smaller, fast)).isTrue();
    assertThat(ParetoFront.of(List.of(fast, slow, smaller), SELF)).containsExactly(smaller);
    assertThat(Dominance.asMaximised(smaller)).containsExactly(0.9, -900, 0);
  }

  @Test
  void paramsAndMacsAreAxesToMinimise() {
    List<Objective> paramsAndMacs = List.of(MAXIMIZE_ACCURACY, MINIMIZE_PARAMS, MINIMIZE_MACS);
    Objectives lean = on(paramsAndMacs, 0.9, 50, 9000, 100, 1000);
    Objectives heavy = on(paramsAndMacs, 0.9, 5, 10, 200, 1000);
    Objectives cheap = on(paramsAndMacs, 0.8, 5, 10, 300, 10);
    assertThat(Dominance.dominates(lean, heavy)).isTrue();
    assertThat(Dominance.dominates(lean, cheap)).isFalse();
    assertThat(ParetoFront.of(List.of(lean, heavy, cheap), SELF)).containsExactly(lean, cheap);
    // costs (0.5, 0.25, 0.75) over latency, parameters and MACs: a box of 0.5 × 0.75 × 0.25
    List<Objective> noAccuracy = List.of(MINIMIZE_LATENCY, MINIMIZE_PARAMS, MINIMIZE_MACS);
    double hv =
        Hypervolume.of(
            List.of(on(noAccuracy, 0.1, 5, 1, 100, 3000)),
            noAccuracy,
            Map.of(MINIMIZE_LATENCY, 10.0, MINIMIZE_PARAMS, 400.0, MINIMIZE_MACS, 4000.0));
    assertThat(hv).isCloseTo(0.5 * 0.75 * 0.25, within(1e-12));
  }

  @Test
  void twoObjectiveHypervolumeIsAnArea() {
    List<Objective> accuracyAndSize = List.of(MAXIMIZE_ACCURACY, MINIMIZE_SIZE);
    Map<Objective, Double> ref = Map.of(MINIMIZE_SIZE, 1000.0);
    // costs (0.5, 0.5) and (0.25, 0.75): boxes of 0.25 and 0.1875 overlapping in 0.5 × 0.25
    List<Objectives> front =
        List.of(
            on(accuracyAndSize, 0.5, 999, 500, 1, 1), on(accuracyAndSize, 0.75, 999, 750, 1, 1));
    assertThat(Hypervolume.of(front, accuracyAndSize, ref))
        .isCloseTo(0.25 + 0.1875 - 0.125, within(1e-12));
    // a point beyond the reference on one axis adds nothing
    List<Objectives> withOutside = new ArrayList<>(front);
    withOutside.add(on(accuracyAndSize, 0.99, 1, 1000, 1, 1));
    assertThat(Hypervolume.of(withOutside, accuracyAndSize, ref)).isCloseTo(0.3125, within(1e-12));
    assertThatThrownBy(() -> Hypervolume.of(front, accuracyAndSize, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generalHypervolumeAgreesWithTheThreeAxisForm() {
    Random random = new Random(7);
    List<Objectives> points = new ArrayList<>();
    for (int i = 0; i < 40; i++)
      points.add(
          new Objectives(
              random.nextDouble(), random.nextDouble() * 100, random.nextDouble() * 1000, 0));
    assertThat(
            Hypervolume.of(
                points, Objective.DEFAULTS, Map.of(MINIMIZE_LATENCY, 100.0, MINIMIZE_SIZE, 1000.0)))
        .isCloseTo(Hypervolume.of(points, 100, 1000), within(1e-12))
        .isPositive();
  }

  @Test
  void maximisedVectorsAgreeWithDominanceForEveryChoiceOfTwoOrThreeAxes() {
    Random random = new Random(13);
    Objective[] all = Objective.values();
    int choices = 0;
    for (int mask = 0; mask < 1 << all.length; mask++) {
      if (Integer.bitCount(mask) < 2 || Integer.bitCount(mask) > 3) continue;
      List<Objective> axes = new ArrayList<>();
      for (int i = 0; i < all.length; i++) if ((mask & 1 << i) != 0) axes.add(all[i]);
      choices++;
      List<Objectives> points = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        // few distinct values, so ties on some axes are common
        points.add(
            new Objectives(
                random.nextInt(4) / 4.0,
                1 + random.nextInt(3),
                1000 * (1 + random.nextInt(3)),
                1e4 * (1 + random.nextInt(3)),
                1e7 * (1 + random.nextInt(3)),
                random.nextInt(4) == 0 ? random.nextInt(3) * 0.5 + 0.1 : 0,
                axes));
      }
      // what a strategy gets for a genome past the budget: default axes, worse than everything
      points.add(new Objectives(0, Double.MAX_VALUE, Double.MAX_VALUE, 1e12));
      for (Objectives p : points) {
        for (Objectives q : points) {
          double[] a = Dominance.asMaximised(p);
          double[] b = Dominance.asMaximised(q);
          assertThat(a).hasSize(Objective.MAX_PER_JOB);
          boolean noWorse = true;
          boolean better = false;
          for (int k = 0; k < a.length; k++) {
            noWorse &= a[k] >= b[k];
            better |= a[k] > b[k];
          }
          assertThat(noWorse && better)
              .as(axes + ": " + p + " vs " + q)
              .isEqualTo(Dominance.dominates(p, q));
        }
      }
    }
    assertThat(choices).isEqualTo(20);
  }
}
