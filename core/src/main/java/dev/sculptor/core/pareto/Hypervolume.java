package dev.sculptor.core.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hypervolume of feasible points, with every objective scaled to [0, 1] as a cost: 1 − accuracy,
 * latency / reference latency, size / reference size; the reference point is (1, 1, 1). Bigger is
 * better, 1 is the unreachable ideal. Exact, by slicing along the first axis.
 */
public final class Hypervolume {
  private Hypervolume() {}

  public static double of(
      List<Objectives> points, double referenceLatencyMs, double referenceBytes) {
    List<double[]> costs = new ArrayList<>();
    for (Objectives o : points) {
      if (!o.feasible()) continue;
      double[] c = {
        1 - o.accuracy(), o.latencyMs() / referenceLatencyMs, o.modelBytes() / referenceBytes
      };
      if (c[0] < 1 && c[1] < 1 && c[2] < 1)
        costs.add(new double[] {Math.max(0, c[0]), Math.max(0, c[1]), Math.max(0, c[2])});
    }
    costs.sort(Comparator.comparingDouble(c -> c[0]));
    double volume = 0;
    for (int i = 0; i < costs.size(); i++) {
      double next = i + 1 < costs.size() ? costs.get(i + 1)[0] : 1;
      double width = next - costs.get(i)[0];
      if (width > 0) volume += width * area(costs.subList(0, i + 1));
    }
    return volume;
  }

  /** Area dominated in the (second, third) plane, reference (1, 1). */
  static double area(List<double[]> points) {
    List<double[]> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(c -> c[1]));
    double area = 0;
    double bestThird = 1;
    for (int i = 0; i < sorted.size(); i++) {
      bestThird = Math.min(bestThird, sorted.get(i)[2]);
      double next = i + 1 < sorted.size() ? sorted.get(i + 1)[1] : 1;
      area += (next - sorted.get(i)[1]) * (1 - bestThird);
    }
    return area;
  }
}
