package dev.sculptor.worker.search;

import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Which of a generation's short-trained candidates successive halving continues: the best {@code
 * keep} share (rounded up), by non-dominated rank under constrained dominance of their first-stage
 * results; the rank that straddles the cut is ordered by feasibility, accuracy, then key. The
 * product's {@link SuccessiveHalving} and the tabular benchmark's multi-fidelity replay choose with
 * this one rule.
 */
public final class ContinuationChoice {
  private ContinuationChoice() {}

  /**
   * @param evaluated candidates whose first stage succeeded
   * @param firstStage each one's first-stage objectives
   * @param key a stable tie-break (the fingerprint), so a replay chooses the same
   */
  public static <T> List<T> best(
      List<T> evaluated, Function<T, Objectives> firstStage, Function<T, String> key, double keep) {
    List<T> left = evaluated.stream().sorted(Comparator.comparing(key)).toList();
    int wanted = (int) Math.ceil(keep * left.size());
    int[] ranks = ParetoFront.ranks(left.stream().map(firstStage).toList());
    List<T> chosen = new ArrayList<>();
    for (int r = 0; chosen.size() < wanted; r++) {
      int level = r;
      List<T> rank =
          IntStream.range(0, left.size())
              .filter(i -> ranks[i] == level)
              .mapToObj(left::get)
              .toList();
      if (chosen.size() + rank.size() > wanted) {
        rank =
            rank.stream()
                .sorted(
                    Comparator.comparing((T c) -> !firstStage.apply(c).feasible())
                        .thenComparing(c -> -firstStage.apply(c).accuracy())
                        .thenComparing(key))
                .limit(wanted - chosen.size())
                .toList();
      }
      chosen.addAll(rank);
    }
    return chosen;
  }
}
