package dev.sculptor.core.pareto;

import dev.sculptor.core.job.Objective;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Hypervolume of feasible points over a job's axes, with every objective scaled to [0, 1] as a
 * cost: 1 − accuracy, and value / reference for latency, size, parameters and MACs; the reference
 * point is 1 on every axis. Bigger is better, 1 is the unreachable ideal. With two axes it is an
 * area, with three a volume. Exact, by slicing along one axis at a time.
 */
public final class Hypervolume {
  private Hypervolume() {}

  /**
   * Over accuracy, latency and size ({@link Objective#DEFAULTS}), whatever axes the points carry.
   */
  public static double of(
      List<Objectives> points, double referenceLatencyMs, double referenceBytes) {
    return of(
        points,
        Objective.DEFAULTS,
        Map.of(
            Objective.MINIMIZE_LATENCY,
            referenceLatencyMs,
            Objective.MINIMIZE_SIZE,
            referenceBytes));
  }

  /**
   * Over {@code axes}; {@code reference} holds the value that scales to cost 1 for every minimised
   * axis among them (accuracy needs none).
   */
  public static double of(
      List<Objectives> points, List<Objective> axes, Map<Objective, Double> reference) {
    if (axes.isEmpty()) throw new IllegalArgumentException("no axes");
    List<Objective> order = List.copyOf(EnumSet.copyOf(axes));
    for (Objective axis : order) {
      if (axis != Objective.MAXIMIZE_ACCURACY && reference.get(axis) == null)
        throw new IllegalArgumentException("no reference value for " + axis);
    }
    List<double[]> costs = new ArrayList<>();
    for (Objectives o : points) {
      if (!o.feasible()) continue;
      double[] c = new double[order.size()];
      boolean inside = true;
      for (int i = 0; i < c.length; i++) {
        Objective axis = order.get(i);
        double cost =
            axis == Objective.MAXIMIZE_ACCURACY
                ? 1 - o.accuracy()
                : o.value(axis) / reference.get(axis);
        inside &= cost < 1;
        c[i] = Math.max(0, cost);
      }
      if (inside) costs.add(c);
    }
    return costs.isEmpty() ? 0 : dominated(costs, 0);
  }

  /**
   * Volume dominated by {@code costs} in the unit box over the axes from {@code axis} on: slices
   * between successive points along that axis, each as deep as the points before it dominate in the
   * remaining axes.
   */
  private static double dominated(List<double[]> costs, int axis) {
    int dims = costs.getFirst().length;
    if (axis == dims - 1) {
      double best = 1;
      for (double[] c : costs) best = Math.min(best, c[axis]);
      return 1 - best;
    }
    List<double[]> sorted = new ArrayList<>(costs);
    sorted.sort(Comparator.comparingDouble(c -> c[axis]));
    double volume = 0;
    for (int i = 0; i < sorted.size(); i++) {
      double next = i + 1 < sorted.size() ? sorted.get(i + 1)[axis] : 1;
      double width = next - sorted.get(i)[axis];
      if (width > 0) volume += width * dominated(sorted.subList(0, i + 1), axis + 1);
    }
    return volume;
  }
}
