package dev.sculptor.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sculptor.bench.search.ReplayTable.Replayed;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.worker.strategy.SearchStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

  /**
   * The free check's size bound against the table's measured sizes (each candidate's artifact as
   * the evaluator stored it): never above, so the replay's free check rejects no candidate the
   * table holds as within a size limit.
   */
  @Test
  void noMeasuredSizeIsBelowTheComputedBound() throws Exception {
    Map<String, Long> measured = new HashMap<>();
    for (String line : Files.readAllLines(TABLE)) {
      if (line.isBlank()) continue;
      JsonNode row = Json.mapper().readTree(line);
      measured.put(row.get("fingerprint").asText(), row.get("modelBytes").asLong());
    }
    for (ReducedSpace.Entry e : ReducedSpace.all()) {
      CandidateSpec c = e.candidate();
      long bound = ReducedSpace.INSTANCE.exported(c).modelBytesAtLeast(c.compression().precision());
      assertThat(measured.get(Fingerprint.of(c)))
          .as("%s", Fingerprint.of(c))
          .isGreaterThanOrEqualTo(bound);
    }
  }

  @Test
  void aReplayLooksUpNoCandidateOverTheSizeLimitAndCountsOnlyWhatItLooksUp() {
    ReplayTable.TableBudget run = new ReplayTable.TableBudget(table, BUDGET, null, 2);
    SearchStrategy.of(Replayed.GENETIC.strategy, 2, ReplayTable.POPULATION).search(run);
    assertThat(run.curve).hasSize(BUDGET);
    assertThat(run.evaluated()).isEqualTo(BUDGET);
    assertThat(run.infeasibleByConstruction).as("proposed, computed, never looked up").isNotEmpty();
    for (String fp : run.lookedUp()) {
      CandidateSpec c = candidate(fp);
      assertThat(ReducedSpace.INSTANCE.exported(c).modelBytesAtLeast(c.compression().precision()))
          .isLessThanOrEqualTo(20_000);
    }
    for (String fp : run.infeasibleByConstruction) {
      CandidateSpec c = candidate(fp);
      assertThat(ReducedSpace.INSTANCE.exported(c).modelBytesAtLeast(c.compression().precision()))
          .isGreaterThan(20_000);
      assertThat(run.lookedUp()).doesNotContain(fp);
    }
  }

  private static CandidateSpec candidate(String fingerprint) {
    return ReducedSpace.all().stream()
        .map(ReducedSpace.Entry::candidate)
        .filter(c -> Fingerprint.of(c).equals(fingerprint))
        .findFirst()
        .orElseThrow();
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
