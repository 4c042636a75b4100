package dev.sculptor.worker.strategy;

import dev.sculptor.core.pareto.Hypervolume;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cheap stand-in for real evaluations with a known Pareto front. Size and latency depend on four
 * genes (stem width, first stage width and depth, precision); accuracy also on four more (first
 * stage block and kernel, activation, head), each with one best option, as real accuracy depends on
 * many choices at once. The 360 × 108 = 38,880 settings that matter can be enumerated, so the true
 * front's hypervolume is exact.
 */
public final class SyntheticBenchmark implements SearchBudget {
  public static final double MAX_LATENCY = 150;
  public static final double MAX_BYTES = 300_000;

  private final int budget;
  private final Map<String, Objectives> seen = new HashMap<>();
  private final List<Objectives> evaluated = new ArrayList<>();
  final List<String> order = new ArrayList<>();

  SyntheticBenchmark(int budget) {
    this.budget = budget;
  }

  static Objectives objectives(int stem, int width, int depth, int precision, int misses) {
    double capacity = (stem + 1) * (width + 1) * (depth + 1);
    double accuracy =
        1
            - 0.9 * Math.exp(-capacity / 40)
            - (precision == 2 ? 0.02 : precision == 1 ? 0.005 : 0)
            - 0.06 * misses;
    double latency = capacity * (1 + 0.1 * depth);
    double bytes = capacity * 1000 * (precision == 0 ? 4 : precision == 1 ? 2 : 1);
    double violation = Math.max(0, bytes / MAX_BYTES - 1) + Math.max(0, latency / MAX_LATENCY - 1);
    return new Objectives(accuracy, latency, bytes, violation);
  }

  public static Objectives of(int[] genes) {
    // MobileCnnSpace layout: stem, stage count, stage 1 (block 2, kernel 3, width 4, depth 5,
    // expansion 6), ...,
    // activation 22, head 23, precision 24
    int misses =
        (genes[2] == 1 ? 0 : 1)
            + (genes[3] == 0 ? 0 : 1)
            + (genes[22] == 1 ? 0 : 1)
            + (genes[23] == 0 ? 0 : 1);
    return objectives(genes[0], genes[4], genes[5], genes[24], misses);
  }

  /** Hypervolume of the true front, by enumeration. */
  static double optimalHypervolume() {
    List<Objectives> all = new ArrayList<>();
    for (int s = 0; s < 5; s++)
      for (int w = 0; w < 8; w++)
        for (int d = 0; d < 3; d++)
          for (int p = 0; p < 3; p++) {
            for (int misses = 0; misses <= 4; misses++) all.add(objectives(s, w, d, p, misses));
          }
    return Hypervolume.of(ParetoFront.of(all, o -> o), MAX_LATENCY, MAX_BYTES);
  }

  @Override
  public List<Objectives> evaluate(List<int[]> genomes) {
    List<Objectives> out = new ArrayList<>();
    for (int[] genes : genomes) {
      String key = Arrays.toString(genes);
      Objectives o = seen.get(key);
      if (o == null && evaluated.size() < budget) {
        o = of(genes);
        seen.put(key, o);
        evaluated.add(o);
        order.add(key);
      }
      out.add(o == null ? NOT_EVALUATED : o);
    }
    return out;
  }

  @Override
  public boolean goOn() {
    return evaluated.size() < budget;
  }

  @Override
  public int evaluated() {
    return evaluated.size();
  }

  double hypervolume() {
    return Hypervolume.of(ParetoFront.of(evaluated, o -> o), MAX_LATENCY, MAX_BYTES);
  }

  List<Objectives> results() {
    return evaluated;
  }
}
