package dev.sculptor.worker.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HypervolumePlateauTest {

  @Test
  void stopsAfterPatienceGenerationsWithoutRealImprovement() {
    HypervolumePlateau plateau = new HypervolumePlateau(3);
    plateau.observe(0.50);
    plateau.observe(0.60);
    plateau.observe(0.6003); // +0.05%: not an improvement
    plateau.observe(0.60);
    assertThat(plateau.reached()).isFalse();
    plateau.observe(0.59);
    assertThat(plateau.reached()).isTrue();
    assertThat(plateau.reason()).contains("3 generations");
  }

  @Test
  void anImprovementResetsTheCount() {
    HypervolumePlateau plateau = new HypervolumePlateau(2);
    plateau.observe(0.5);
    plateau.observe(0.5);
    plateau.observe(0.6);
    plateau.observe(0.6);
    assertThat(plateau.reached()).isFalse();
  }

  @Test
  void withoutPatienceItNeverStops() {
    HypervolumePlateau plateau = new HypervolumePlateau(null);
    for (int i = 0; i < 100; i++) plateau.observe(0.5);
    assertThat(plateau.reached()).isFalse();
  }

  @Test
  void aSearchOnTheSyntheticObjectiveStopsEarlyAndSpendsLessThanItsBudget() {
    SyntheticBenchmark run = new SyntheticBenchmark(2000);
    HypervolumePlateau plateau = new HypervolumePlateau(3);
    SearchBudget stopping =
        new SearchBudget() {
          @Override
          public java.util.List<dev.sculptor.core.pareto.Objectives> evaluate(
              java.util.List<int[]> genomes) {
            var out = run.evaluate(genomes);
            plateau.observe(run.hypervolume());
            return out;
          }

          @Override
          public int evaluated() {
            return run.results().size();
          }

          @Override
          public boolean goOn() {
            return run.goOn() && !plateau.reached();
          }
        };
    SearchStrategy.of(dev.sculptor.core.job.Strategy.GENETIC, 5, 12).search(stopping);
    assertThat(plateau.reached()).isTrue();
    assertThat(run.results().size()).isLessThan(2000);
  }
}
