package dev.sculptor.core.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The feasible, non-dominated members of a set of candidates. */
public final class ParetoFront {
  private ParetoFront() {}

  public static <T> List<T> of(List<T> items, Function<T, Objectives> objectives) {
    List<T> front = new ArrayList<>();
    for (T candidate : items) {
      Objectives o = objectives.apply(candidate);
      if (!o.feasible()) continue;
      boolean dominated = false;
      for (T other : items) {
        if (other != candidate && Dominance.dominates(objectives.apply(other), o)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) front.add(candidate);
    }
    return front;
  }

  /**
   * The constrained non-dominated rank of each point (0: no other point dominates it; rank r + 1:
   * dominated only by points of rank r or less), by peeling fronts. Infeasible points rank after
   * feasible ones, by violation, as {@link Dominance} orders them.
   */
  public static int[] ranks(List<Objectives> points) {
    int n = points.size();
    int[] dominatedBy = new int[n];
    List<List<Integer>> dominates = new ArrayList<>();
    for (int a = 0; a < n; a++) dominates.add(new ArrayList<>());
    for (int a = 0; a < n; a++)
      for (int b = a + 1; b < n; b++) {
        if (Dominance.dominates(points.get(a), points.get(b))) {
          dominates.get(a).add(b);
          dominatedBy[b]++;
        } else if (Dominance.dominates(points.get(b), points.get(a))) {
          dominates.get(b).add(a);
          dominatedBy[a]++;
        }
      }
    int[] rank = new int[n];
    List<Integer> current = new ArrayList<>();
    for (int a = 0; a < n; a++) if (dominatedBy[a] == 0) current.add(a);
    for (int r = 0; !current.isEmpty(); r++) {
      List<Integer> next = new ArrayList<>();
      for (int a : current) {
        rank[a] = r;
        for (int b : dominates.get(a)) if (--dominatedBy[b] == 0) next.add(b);
      }
      current = next;
    }
    return rank;
  }
}
