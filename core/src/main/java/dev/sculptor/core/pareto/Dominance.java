package dev.sculptor.core.pareto;

/**
 * Constrained dominance (Deb): a feasible candidate beats an infeasible one; of two infeasible ones
 * the smaller violation wins; of two feasible ones ordinary Pareto dominance decides.
 */
public final class Dominance {
  private Dominance() {}

  /** True when {@code a} dominates {@code b}. */
  public static boolean dominates(Objectives a, Objectives b) {
    if (a.feasible() != b.feasible()) return a.feasible();
    if (!a.feasible()) return a.violation() < b.violation();
    boolean noWorse =
        a.accuracy() >= b.accuracy()
            && a.latencyMs() <= b.latencyMs()
            && a.modelBytes() <= b.modelBytes();
    boolean better =
        a.accuracy() > b.accuracy()
            || a.latencyMs() < b.latencyMs()
            || a.modelBytes() < b.modelBytes();
    return noWorse && better;
  }

  /**
   * The same order as three numbers to maximise, so a plain Pareto comparison (Jenetics' {@code
   * Vec}) applies constrained dominance: infeasible points sit below every feasible one on all
   * three axes, ordered by violation.
   */
  public static double[] asMaximised(Objectives o) {
    if (o.feasible()) return new double[] {o.accuracy(), -o.latencyMs(), -o.modelBytes()};
    double penalty = 1e15 * (1 + o.violation());
    return new double[] {-1 - o.violation(), -penalty, -penalty};
  }
}
