package dev.sculptor.worker.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParzenScoreTest {
  private static int[] genome(int stem, int precision) {
    int[] genes = new int[MobileCnnSpace.genomeLength()];
    genes[0] = stem;
    genes[24] = precision;
    return genes;
  }

  @Test
  void aGenomeNearTheGoodCandidatesScoresAboveOneNearTheBadOnes() {
    List<ParzenScore.Evaluated> history = new ArrayList<>();
    // Good: stem option 4 and precision 2, on the front; bad: stem option 0, dominated by them.
    for (int i = 0; i < 3; i++)
      history.add(
          new ParzenScore.Evaluated(genome(4, 2), new Objectives(0.9 + 0.01 * i, 1, 1 - i, 0)));
    for (int i = 0; i < 9; i++)
      history.add(
          new ParzenScore.Evaluated(genome(0, i % 3), new Objectives(0.5, 2 + i, 2 + i, 0)));
    ParzenScore score = ParzenScore.fit(history, 0.25);

    assertThat(score.score(genome(4, 1))).isGreaterThan(score.score(genome(0, 1)));
    assertThat(score.score(genome(4, 2))).isGreaterThan(score.score(genome(4, 0)));
    // A stem option nobody tried sits between: the prior keeps it possible.
    assertThat(score.score(genome(2, 1)))
        .isLessThan(score.score(genome(4, 1)))
        .isGreaterThan(score.score(genome(0, 1)));
  }

  @Test
  void feasibleCandidatesRankBeforeInfeasibleOnesAndSmallerViolationsFirst() {
    List<ParzenScore.Evaluated> history =
        List.of(
            new ParzenScore.Evaluated(genome(0, 0), new Objectives(0.9, 5, 5, 0.5)),
            new ParzenScore.Evaluated(genome(1, 0), new Objectives(0.2, 9, 9, 0)),
            new ParzenScore.Evaluated(genome(2, 0), new Objectives(0.9, 1, 1, 0)),
            new ParzenScore.Evaluated(genome(3, 0), new Objectives(0.95, 5, 5, 0)),
            new ParzenScore.Evaluated(genome(4, 0), new Objectives(0.9, 5, 5, 0.1)));

    assertThat(ParzenScore.ranks(history)).containsExactly(3, 1, 0, 0, 2);
  }

  @Test
  void theRankStraddlingTheGoodShareIsWeightedRatherThanCutArbitrarily() {
    // Four mutually non-dominated candidates, gamma asks for one: each counts a quarter, so the
    // model does not prefer any of their genes.
    List<ParzenScore.Evaluated> history = new ArrayList<>();
    for (int i = 0; i < 4; i++)
      history.add(
          new ParzenScore.Evaluated(genome(i, 0), new Objectives(0.5 + 0.1 * i, 1 + i, 1, 0)));
    ParzenScore score = ParzenScore.fit(history, 0.25);

    for (int i = 1; i < 4; i++)
      assertThat(score.score(genome(i, 0))).isCloseTo(score.score(genome(0, 0)), within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
