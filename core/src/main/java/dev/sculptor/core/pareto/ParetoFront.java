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
}
