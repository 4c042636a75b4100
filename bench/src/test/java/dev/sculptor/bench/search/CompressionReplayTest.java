package dev.sculptor.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.worker.strategy.GeneticSearch;
import dev.sculptor.worker.strategy.ModelGuidance;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compression slice's committed table and a small replay on it: every candidate measured, the
 * free check's size bound never above a measured size (low rank and the precision mixes included),
 * a search over today's genome confined to the candidates without the later techniques, and a
 * seed's replay the same every time.
 */
class CompressionReplayTest {
  static final Path TABLE = Path.of("search/table/mobile-cnn-compression.jsonl");
  static final double MAX_BYTES = 20_000;
  static final double MAX_LATENCY_MS = 0.05;
  static ReplayTable.Table table;
  static List<CompressionReplay.Row> rows;

  @BeforeAll
  static void load() throws Exception {
    table =
        ReplayTable.Table.load(
            TABLE,
            MAX_BYTES,
            MAX_LATENCY_MS,
            CompressionSlice.INSTANCE,
            CompressionSlice.all().size());
    rows = CompressionReplay.rows(TABLE);
  }

  @Test
  void everyCandidateWasMeasuredAndEveryDistilledOneLearnedFromTheTeacher() {
    assertThat(rows).hasSize(384).allMatch(CompressionReplay.Row::succeeded);
    assertThat(
            rows.stream()
                .filter(r -> r.settings().distilled())
                .map(CompressionReplay.Row::teacherNote))
        .hasSize(192)
        .allMatch(note -> note != null && note.startsWith("distilled from the teacher"));
  }

  @Test
  void noMeasuredSizeIsBelowTheComputedBound() {
    Map<String, Double> measured = new HashMap<>();
    rows.forEach(r -> measured.put(r.fingerprint(), r.bytes()));
    for (CompressionSlice.Entry e : CompressionSlice.all()) {
      CandidateSpec c = e.candidate();
      long bound =
          CompressionSlice.INSTANCE.exported(c).modelBytesAtLeast(c.compression().precision());
      assertThat(measured.get(Fingerprint.of(c)))
          .as("%s", c.compression())
          .isGreaterThanOrEqualTo(bound);
    }
  }

  @Test
  void todaysGenomeReachesOnlyTheCandidatesWithoutTheLaterTechniques() {
    ReplayTable.TableBudget run = new ReplayTable.TableBudget(table, 384, null, 1);
    new GeneticSearch(
            1, ReplayTable.POPULATION, ModelGuidance.DEFAULT, MobileCnnSpace.layout(List.of()))
        .search(run);
    Set<String> basic =
        rows.stream()
            .filter(r -> r.settings().basic())
            .map(CompressionReplay.Row::fingerprint)
            .collect(Collectors.toSet());
    assertThat(basic).hasSize(18);
    assertThat(run.lookedUp()).isNotEmpty().isSubsetOf(basic);
  }

  @Test
  void aSeedsReplayOfTheWholeGenomeIsTheSameEveryTimeAndReachesTheWholeFront() {
    double[] first = replay(3);
    assertThat(replay(3)).containsExactly(first);
    assertThat(first[first.length - 1]).isGreaterThanOrEqualTo(0.99);
  }

  private static double[] replay(long seed) {
    return ReplayTable.replay(
            table,
            Strategy.GENETIC,
            true,
            ModelGuidance.DEFAULT,
            CompressionSlice.fullLayout(),
            seed,
            384,
            Double.POSITIVE_INFINITY)
        .curve();
  }
}
