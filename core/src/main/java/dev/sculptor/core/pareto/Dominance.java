package dev.sculptor.core.pareto;

import dev.sculptor.core.job.Objective;
import java.util.List;

/**
 * Constrained dominance (Deb): a feasible candidate beats an infeasible one; of two infeasible ones
 * the smaller violation wins; of two feasible ones ordinary Pareto dominance over the job's axes
 * ({@link Objectives#axes()}, those of {@code a}: both come from the same job) decides.
 */
public final class Dominance {
  private Dominance() {}

  /** True when {@code a} dominates {@code b}. */
  public static boolean dominates(Objectives a, Objectives b) {
    if (a.feasible() != b.feasible()) return a.feasible();
    if (!a.feasible()) return a.violation() < b.violation();
    boolean better = false;
    for (Objective axis : a.axes()) {
      double x = a.maximised(axis);
      double y = b.maximised(axis);
      if (x < y) return false;
      if (x > y) better = true;
    }
    return better;
  }

  /**
   * The same order as {@link Objective#MAX_PER_JOB} numbers to maximise, so a plain Pareto
   * comparison of fixed length (Jenetics' {@code Vec}) applies constrained dominance whatever axes
   * the job chose: the chosen axes come first, in {@link Objective} order, and the unused places
   * hold 0 for every candidate, so they never decide. Infeasible points sit below every feasible
   * one on all chosen axes, ordered by violation.
   */
  public static double[] asMaximised(Objectives o) {
    double[] v = new double[Objective.MAX_PER_JOB];
    List<Objective> axes = o.axes();
    double penalty = 1e15 * (1 + o.violation());
    for (int i = 0; i < axes.size(); i++) {
      Objective axis = axes.get(i);
      if (o.feasible()) v[i] = o.maximised(axis);
      else v[i] = axis == Objective.MAXIMIZE_ACCURACY ? -1 - o.violation() : -penalty;
    }
    return v;
  }
}
