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
   * the job chose. A feasible point gives its chosen axes in {@link Objective} order, then 0 in the
   * unused places (equal for every feasible point, so they never decide). An infeasible point gives
   * (−1 − violation, −penalty, −penalty) whatever its axes, so it sits below every feasible point
   * in every place and infeasible points compare by violation alone, even a point past the budget
   * (default axes) against one of a job with other axes. For that, a feasible first place must stay
   * above −1: accuracy does; a minimised first axis (a job without accuracy) is mapped
   * monotonically into (−1, 0]. With the default axes the vector is exactly the three-axis one the
   * genetic search has always used.
   */
  public static double[] asMaximised(Objectives o) {
    if (!o.feasible()) {
      double penalty = 1e15 * (1 + o.violation());
      return new double[] {-1 - o.violation(), -penalty, -penalty};
    }
    double[] v = new double[Objective.MAX_PER_JOB];
    List<Objective> axes = o.axes();
    for (int i = 0; i < axes.size(); i++) v[i] = o.maximised(axes.get(i));
    Objective first = axes.getFirst();
    if (first != Objective.MAXIMIZE_ACCURACY) {
      double x = o.value(first);
      v[0] = -x / (1 + x);
    }
    return v;
  }
}
