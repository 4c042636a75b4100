package dev.sculptor.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.bench.search.ReplayTable.Replayed;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small replay against the committed table, with the limits docs/benchmarks.md uses: the
 * product's search and proposal step, seeded, so the same seed gives the same curve, and the
 * genetic search ahead of random on the same seeds.
 */
class ReplayTableTest {
  static final Path TABLE = Path.of("search/table/mobile-cnn-reduced.jsonl");
  static final int BUDGET = 60;
  static ReplayTable.Table table;

  @BeforeAll
  static void load() throws Exception {
    table = ReplayTable.Table.load(TABLE, 20_000, 0.30);
  }

  @Test
  void aReplayIsTheSameForTheSameSeed() {
    double[] first = ReplayTable.replay(table, Replayed.GENETIC_RL_PRUNING, 3, BUDGET);
    double[] again = ReplayTable.replay(table, Replayed.GENETIC_RL_PRUNING, 3, BUDGET);
    assertThat(first).hasSize(BUDGET).containsExactly(again);
    assertThat(ReplayTable.replay(table, Replayed.GENETIC_RL_PRUNING, 4, BUDGET))
        .as("another seed")
        .isNotEqualTo(first);
  }

  @Test
  void theCurveGrowsAndNeverPassesTheTablesBest() {
    double[] curve = ReplayTable.replay(table, Replayed.GENETIC_RL_PRUNING, 1, BUDGET);
    for (int i = 1; i < curve.length; i++)
      assertThat(curve[i]).isGreaterThanOrEqualTo(curve[i - 1]);
    assertThat(curve[curve.length - 1]).isPositive().isLessThanOrEqualTo(1.0);
  }

  @Test
  void theProductsGeneticSearchIsAheadOfRandomOnTheSameSeeds() {
    double genetic = meanFinal(Replayed.GENETIC_RL_PRUNING);
    double random = meanFinal(Replayed.RANDOM);
    assertThat(genetic)
        .as(
            "mean share of the best hypervolume after %d evaluations, seeds 1-5 (random: %.3f)",
            BUDGET, random)
        .isGreaterThan(random);
  }

  private static double meanFinal(Replayed replayed) {
    return IntStream.rangeClosed(1, 5)
        .mapToDouble(
            seed -> {
              double[] curve = ReplayTable.replay(table, replayed, seed, BUDGET);
              return curve[curve.length - 1];
            })
        .average()
        .orElseThrow();
  }
}
