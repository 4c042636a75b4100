package dev.sculptor.worker.strategy;

import static dev.sculptor.core.job.Objective.MAXIMIZE_ACCURACY;
import static dev.sculptor.core.job.Objective.MINIMIZE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Objective;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.pareto.Hypervolume;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The strategies on a two-objective job (accuracy × size): they see objectives that carry the job's
 * axes and nothing else about the job, and still close in on the two-axis front.
 */
class ChosenObjectivesSearchTest {
  static final List<Objective> AXES = List.of(MAXIMIZE_ACCURACY, MINIMIZE_SIZE);
  static final Map<Objective, Double> REFERENCE =
      Map.of(MINIMIZE_SIZE, SyntheticBenchmark.MAX_BYTES);

  /** The synthetic benchmark as a job with {@link #AXES} would report it. */
  static final class TwoAxes implements SearchBudget {
    final SyntheticBenchmark inner;
    final List<Objectives> evaluated = new ArrayList<>();

    TwoAxes(int budget) {
      inner = new SyntheticBenchmark(budget);
    }

    @Override
    public List<Objectives> evaluate(List<int[]> genomes) {
      int before = inner.evaluated();
      List<Objectives> out =
          inner.evaluate(genomes).stream().map(o -> o == NOT_EVALUATED ? o : onAxes(o)).toList();
      evaluated.addAll(
          inner.results().subList(before, inner.evaluated()).stream()
              .map(ChosenObjectivesSearchTest::onAxes)
              .toList());
      return out;
    }

    @Override
    public boolean goOn() {
      return inner.goOn();
    }

    @Override
    public int evaluated() {
      return inner.evaluated();
    }
  }

  static Objectives onAxes(Objectives o) {
    return new Objectives(
        o.accuracy(), o.latencyMs(), o.modelBytes(), o.params(), o.macs(), o.violation(), AXES);
  }

  static double area(List<Objectives> points) {
    return Hypervolume.of(ParetoFront.of(points, o -> o), AXES, REFERENCE);
  }

  static double optimalArea() {
    List<Objectives> all = new ArrayList<>();
    for (int s = 0; s < 5; s++)
      for (int w = 0; w < 8; w++)
        for (int d = 0; d < 3; d++)
          for (int p = 0; p < 3; p++)
            for (int misses = 0; misses <= 4; misses++)
              all.add(onAxes(SyntheticBenchmark.objectives(s, w, d, p, misses)));
    return area(all);
  }

  @Test
  void everyStrategyClosesInOnTheTwoAxisFront() {
    double optimum = optimalArea();
    Map<Strategy, Double> share = new java.util.EnumMap<>(Strategy.class);
    for (Strategy strategy : Strategy.values()) {
      double mean =
          LongStream.rangeClosed(1, 5)
              .mapToDouble(
                  seed -> {
                    TwoAxes run = new TwoAxes(120);
                    SearchStrategy.of(strategy, seed, 12).search(run);
                    assertThat(run.evaluated).hasSize(120).allMatch(o -> o.axes().equals(AXES));
                    List<Objectives> front = ParetoFront.of(run.evaluated, o -> o);
                    // two axes: no front member is beaten on accuracy and size by another
                    for (Objectives a : front)
                      for (Objectives b : front)
                        assertThat(
                                a.accuracy() >= b.accuracy()
                                    && a.modelBytes() <= b.modelBytes()
                                    && (a.accuracy() > b.accuracy()
                                        || a.modelBytes() < b.modelBytes()))
                            .isFalse();
                    return area(run.evaluated) / optimum;
                  })
              .average()
              .orElseThrow();
      System.out.printf("%s: two-axis area / optimum %.3f%n", strategy.id(), mean);
      assertThat(mean).as(strategy.id()).isGreaterThan(0.7).isLessThanOrEqualTo(1 + 1e-9);
      share.put(strategy, mean);
    }
    // seeded, so exact: the searches that select by dominance beat random picks on the job's axes
    assertThat(share.get(Strategy.GENETIC)).isGreaterThan(share.get(Strategy.RANDOM));
    assertThat(share.get(Strategy.REGULARIZED_EVOLUTION)).isGreaterThan(share.get(Strategy.RANDOM));
  }
}
