package dev.sculptor.bench.search;

import dev.sculptor.bench.search.ReplayTable.Table;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.worker.strategy.BreedingCounts;
import dev.sculptor.worker.strategy.ModelGuidance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tries settings of model-guided breeding on the table: for each setting (children per slot k,
 * exploration share, gamma; with or without the RL pruning policy) the median evaluations to 95%
 * and 99% of the best hypervolume over seeds 1..N, and how the new candidates split between
 * explored and model-chosen slots and how many of each reached the search's final front — the
 * measured exploration share.
 *
 * <p>Arguments: TABLE SEEDS MAX_BYTES MAX_LATENCY_MS K:EXPLORATION:GAMMA:MODEL_MUTATION[:rl] ...
 */
public final class GuidanceTuning {
  private GuidanceTuning() {}

  public static void main(String[] args) throws Exception {
    Table table =
        Table.load(Path.of(args[0]), Double.parseDouble(args[2]), Double.parseDouble(args[3]));
    int seeds = Integer.parseInt(args[1]);
    System.out.printf(
        Locale.ROOT,
        "%-22s %10s %10s %9s %14s %14s%n",
        "k:explore:gamma:mm[:rl]",
        "evals→95%",
        "evals→99%",
        "reach 99%",
        "explored new",
        "front hits e/m");
    for (int a = 4; a < args.length; a++) {
      String[] f = args[a].split(":");
      ModelGuidance guidance =
          new ModelGuidance(
              Integer.parseInt(f[0]),
              Double.parseDouble(f[1]),
              Double.parseDouble(f[2]),
              Double.parseDouble(f[3]),
              ModelGuidance.DEFAULT.warmUp());
      boolean rl = f.length > 4 && f[4].equals("rl");
      List<double[]> curves = new ArrayList<>();
      int exploredNew = 0;
      int modelledNew = 0;
      int exploredFront = 0;
      int modelledFront = 0;
      for (int seed = 1; seed <= seeds; seed++) {
        ReplayTable.Replay r =
            ReplayTable.replay(
                table, Strategy.GENETIC, rl, guidance, seed, table.rows().size(), 0.99);
        curves.add(r.curve());
        BreedingCounts c = r.counts();
        exploredNew += c.exploredNew();
        modelledNew += c.modelledNew();
        exploredFront += c.exploredOnFront();
        modelledFront += c.modelledOnFront();
      }
      System.out.printf(
          Locale.ROOT,
          "%-22s %10s %10s %6d/%d %13.0f%% %7d/%d%n",
          args[a],
          ReplayTable.median(curves, 0.95),
          ReplayTable.median(curves, 0.99),
          ReplayTable.reached(curves, 0.99),
          seeds,
          100.0 * exploredNew / Math.max(1, exploredNew + modelledNew),
          exploredFront,
          modelledFront);
    }
  }
}
