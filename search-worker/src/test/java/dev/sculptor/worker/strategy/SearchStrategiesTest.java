package dev.sculptor.worker.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The strategies on a synthetic objective whose true Pareto front is known (no evaluators
 * involved).
 */
class SearchStrategiesTest {
  static final int BUDGET = 120;
  static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  static double meanRatio(Strategy strategy) {
    return meanRatio(strategy, BUDGET);
  }

  static double meanRatio(Strategy strategy, int budget) {
    return meanRatio(seed -> SearchStrategy.of(strategy, seed, 12), budget);
  }

  static double meanRatio(LongFunction<SearchStrategy> strategy, int budget) {
    double optimum = SyntheticBenchmark.optimalHypervolume();
    return LongStream.of(SEEDS)
        .mapToDouble(
            seed -> {
              SyntheticBenchmark run = new SyntheticBenchmark(budget);
              strategy.apply(seed).search(run);
              assertThat(run.results()).hasSize(budget);
              return run.hypervolume() / optimum;
            })
        .average()
        .orElseThrow();
  }

  @Test
  void geneticSearchApproachesTheKnownFrontAndBeatsRandomAtEqualBudget() {
    for (int budget : new int[] {BUDGET, 300}) {
      double genetic = meanRatio(Strategy.GENETIC, budget);
      double plain = meanRatio(seed -> new GeneticSearch(seed, 12, ModelGuidance.OFF), budget);
      double random = meanRatio(Strategy.RANDOM, budget);
      double evolution = meanRatio(Strategy.REGULARIZED_EVOLUTION, budget);
      System.out.printf(
          "hypervolume / optimum after %d evaluations, mean of %d seeds: genetic %.3f (plain"
              + " breeding %.3f), random %.3f, regularized evolution %.3f%n",
          budget, SEEDS.length, genetic, plain, random, evolution);
      // Seeded, so these numbers are exact on every run. Measured 2026-12-02 with model-guided
      // breeding (ModelGuidance.DEFAULT): after 120 evaluations genetic 0.905, random 0.821; after
      // 300, 0.959 and 0.867 (plain breeding 0.835 and 0.928). The margin asked of the model-based
      // search over random, 0.06, is about three quarters of the smaller measured one (0.084).
      assertThat(genetic).isGreaterThan(0.80);
      assertThat(genetic).isGreaterThan(random + 0.06);
      assertThat(genetic).isGreaterThan(plain);
      assertThat(evolution).isGreaterThan(random);
    }
  }

  @Test
  void theSameSeedGivesTheSameSequenceOfCandidates() {
    for (Strategy strategy : Strategy.values()) {
      SyntheticBenchmark a = new SyntheticBenchmark(40);
      SyntheticBenchmark b = new SyntheticBenchmark(40);
      SearchStrategy.of(strategy, 7, 8).search(a);
      SearchStrategy.of(strategy, 7, 8).search(b);
      SyntheticBenchmark c = new SyntheticBenchmark(40);
      SearchStrategy.of(strategy, 8, 8).search(c);
      assertThat(a.order).as(strategy.id()).isEqualTo(b.order).isNotEqualTo(c.order);
    }
  }

  @Test
  void tightConstraintsLeaveOnlyFeasibleCandidatesOnTheFront() {
    // Infeasible candidates are recorded (by random search certainly; the model-guided genetic
    // search learns to avoid them and may record none), and no front keeps one.
    List<Objectives> all = new ArrayList<>();
    for (Strategy strategy : Strategy.values()) {
      for (long seed = 3; seed <= 5; seed++) {
        SyntheticBenchmark run = new SyntheticBenchmark(BUDGET);
        SearchStrategy.of(strategy, seed, 12).search(run);
        all.addAll(run.results());
        assertThat(ParetoFront.of(run.results(), o -> o))
            .as(strategy.id())
            .isNotEmpty()
            .allMatch(Objectives::feasible);
      }
    }
    assertThat(all).anyMatch(o -> !o.feasible());
  }
}
