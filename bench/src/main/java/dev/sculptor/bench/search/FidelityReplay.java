package dev.sculptor.bench.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.worker.proposal.CandidateProposer;
import dev.sculptor.worker.search.ContinuationChoice;
import dev.sculptor.worker.strategy.GeneticSearch;
import dev.sculptor.worker.strategy.ModelGuidance;
import dev.sculptor.worker.strategy.SearchBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tabular benchmark with a second fidelity: the product's genetic search replayed with fixed
 * fidelity (every new candidate looked up in the full table) and with successive halving (every new
 * candidate first looked up in the low-fidelity table; the generation's best {@code keep} share,
 * chosen by the product's own rule, {@link ContinuationChoice}, then looked up in the full table,
 * and the search sees each candidate's best available result, as the worker does).
 *
 * <p>Cost is training spent, in epochs over the whole train split: a full-table evaluation costs
 * one (two when pruned: the fine-tune epoch), a low-table one {@code lowShare} of that. The low
 * table was trained from scratch on a subset, so a continued candidate is charged its whole
 * full-fidelity cost on top of its first stage: the product resumes from the checkpoint instead, so
 * this replay's halving pays more than the product's would (a pessimistic bound for it). The
 * learning-curve check the product adds ({@code SuccessiveHalving.canReach}) is not replayed: the
 * tables keep no curves. The hypervolume is that of the results the job holds (a candidate not
 * continued keeps its short result, as in the product), as a share of the full table's best.
 *
 * <p>Arguments: full table, low table, low-fidelity share of the training, output CSV, seeds, max
 * bytes, max latency (ms), keep share. Run: bench/search/fidelity-replay.sh
 */
public final class FidelityReplay {
  /** Costs at which the hypervolume is reported, in full-split epochs. */
  static final int[] REPORTED_AT = {30, 60, 120, 240};

  private FidelityReplay() {}

  /** A replay's hypervolume share after each evaluation, at the training spent so far. */
  record Curve(List<double[]> costAndShare) {
    Double costToReach(double share) {
      for (double[] p : costAndShare) if (p[1] >= share - 1e-12) return p[0];
      return null;
    }

    double shareAt(double cost) {
      double share = 0;
      for (double[] p : costAndShare) {
        if (p[0] > cost + 1e-9) break;
        share = p[1];
      }
      return share;
    }
  }

  /** Accuracy per fingerprint of the low-fidelity table (null when its evaluation failed). */
  static Map<String, Double> lowAccuracies(Path path) throws IOException {
    Map<String, Double> out = new HashMap<>();
    for (String line : Files.readAllLines(path)) {
      if (line.isBlank()) continue;
      JsonNode row = Json.mapper().readTree(line);
      out.put(
          row.get("fingerprint").asText(),
          "SUCCEEDED".equals(row.get("status").asText()) ? row.get("accuracy").asDouble() : null);
    }
    return out;
  }

  /**
   * One replay of the product's genetic search (model-guided breeding, no RL policy) until {@code
   * maxCost} epochs are spent or the whole table is evaluated; {@code keep} null: fixed fidelity.
   */
  static Curve replay(
      ReplayTable.Table full,
      Map<String, Double> low,
      double lowShare,
      Double keep,
      boolean resumeCredit,
      long seed,
      double maxCost) {
    Run run = new Run(full, low, lowShare, keep, resumeCredit, seed, maxCost);
    new GeneticSearch(seed, ReplayTable.POPULATION, ModelGuidance.DEFAULT).searchCounting(run);
    return new Curve(run.curve);
  }

  /** The tables as a search budget, at one or two fidelities. */
  static final class Run implements SearchBudget {
    private final ReplayTable.Table full;
    private final Map<String, Double> low;
    private final double lowShare;
    private final Double keep;
    private final boolean resumeCredit;
    private final double maxCost;
    private final double best;
    private final CandidateProposer proposer;

    /** What the job holds per fingerprint: the full result, or the short one if not continued. */
    private final Map<String, Objectives> held = new LinkedHashMap<>();

    final List<double[]> curve = new ArrayList<>();
    private double cost;
    private int generations;

    Run(
        ReplayTable.Table full,
        Map<String, Double> low,
        double lowShare,
        Double keep,
        boolean resumeCredit,
        long seed,
        double maxCost) {
      this.full = full;
      this.low = low;
      this.lowShare = lowShare;
      this.keep = keep;
      this.resumeCredit = resumeCredit;
      this.maxCost = maxCost;
      this.best = full.best();
      this.proposer =
          new CandidateProposer(
              ReducedSpace.INSTANCE,
              null,
              seed,
              new Constraints((long) full.maxBytes(), full.maxLatencyMs(), null, null, null));
    }

    @Override
    public List<Objectives> evaluate(List<int[]> genomes) {
      generations++;
      CandidateProposer.Generation<Objectives> generation =
          proposer.propose(
              genomes, fp -> Optional.ofNullable(held.get(fp)), full.rows().size() - held.size());
      List<CandidateProposer.Proposal<Objectives>> sent = generation.toSend();
      if (keep == null) {
        for (var p : sent) record(p.fingerprint(), full.lookup(p.fingerprint()), epochs(p));
      } else {
        for (var p : sent) record(p.fingerprint(), short_(p.fingerprint()), lowShare * epochs(p));
        List<CandidateProposer.Proposal<Objectives>> evaluated =
            sent.stream().filter(p -> held.get(p.fingerprint()) != NOT_EVALUATED).toList();
        for (var p :
            ContinuationChoice.best(
                evaluated,
                p -> held.get(p.fingerprint()),
                CandidateProposer.Proposal::fingerprint,
                keep))
          record(
              p.fingerprint(),
              full.lookup(p.fingerprint()),
              (resumeCredit ? 1 - lowShare : 1) * epochs(p));
      }
      proposer.learn(generation, held::get);
      return generation.objectives(held::get);
    }

    /** The low table's accuracy with the network's latency and size (training changes neither). */
    private Objectives short_(String fingerprint) {
      Objectives f = full.lookup(fingerprint);
      Double accuracy = low.get(fingerprint);
      if (accuracy == null || f == NOT_EVALUATED) return NOT_EVALUATED;
      return new Objectives(
          accuracy, f.latencyMs(), f.modelBytes(), f.params(), f.macs(), f.violation(), f.axes());
    }

    private void record(String fingerprint, Objectives o, double spent) {
      held.put(fingerprint, o);
      cost += spent;
      curve.add(new double[] {cost, full.hypervolume(List.copyOf(held.values())) / best});
    }

    /** Epochs over the train split a full evaluation of this candidate trains. */
    private static double epochs(CandidateProposer.Proposal<?> p) {
      CandidateSpec c = p.candidate();
      boolean pruned = c.compression().pruningRatios().stream().anyMatch(r -> r > 0);
      return pruned ? 2 : 1;
    }

    @Override
    public int evaluated() {
      return proposer.proposed();
    }

    @Override
    public boolean goOn() {
      return cost < maxCost
          && held.size() < full.rows().size()
          && generations < ReplayTable.MAX_GENERATIONS;
    }
  }

  public static void main(String[] args) throws Exception {
    Path fullPath = Path.of(args[0]);
    Path lowPath = Path.of(args[1]);
    double lowShare = Double.parseDouble(args[2]);
    Path csvPath = Path.of(args[3]);
    int seeds = Integer.parseInt(args[4]);
    double maxBytes = Double.parseDouble(args[5]);
    double maxLatencyMs = Double.parseDouble(args[6]);
    double keep = Double.parseDouble(args[7]);
    ReplayTable.Table full = ReplayTable.Table.load(fullPath, maxBytes, maxLatencyMs);
    Map<String, Double> low = lowAccuracies(lowPath);
    if (!low.keySet().equals(full.rows().keySet()))
      throw new IllegalStateException("the two tables do not hold the same candidates");
    System.out.printf(
        Locale.ROOT,
        "tables: %d candidates at two fidelities (low = %.3f of the full training); limits %.0f"
            + " bytes, %.3f ms; halving keeps %.2f of each generation%n",
        full.rows().size(),
        lowShare,
        maxBytes,
        maxLatencyMs,
        keep);
    Map<String, List<Curve>> arms = new LinkedHashMap<>();
    arms.put("fixed", new ArrayList<>());
    arms.put("halving, no credit", new ArrayList<>());
    arms.put("halving, full credit", new ArrayList<>());
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(csvPath))) {
      csv.println("arm,seed,epochs_spent,hypervolume_ratio");
      for (int seed = 1; seed <= seeds; seed++) {
        for (var arm : arms.entrySet()) {
          boolean fixedArm = arm.getKey().equals("fixed");
          Curve c =
              replay(
                  full,
                  low,
                  lowShare,
                  fixedArm ? null : keep,
                  arm.getKey().endsWith("full credit"),
                  seed,
                  1e9);
          arm.getValue().add(c);
          for (double[] p : c.costAndShare())
            csv.printf(Locale.ROOT, "%s,%d,%.3f,%.5f%n", arm.getKey(), seed, p[0], p[1]);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-20s %8s %8s %8s %8s %14s %14s   (median over %d seeds; cost in epochs over the whole"
            + " train split)%n",
        "arm",
        "HV@30",
        "HV@60",
        "HV@120",
        "HV@240",
        "epochs→95%",
        "epochs→99%",
        seeds);
    arms.forEach(
        (arm, curves) -> {
          double[] at = new double[REPORTED_AT.length];
          for (int i = 0; i < at.length; i++) {
            int k = i;
            at[i] =
                ReplayTable.median(
                    curves.stream().mapToDouble(c -> c.shareAt(REPORTED_AT[k])).toArray());
          }
          System.out.printf(
              Locale.ROOT,
              "%-20s %8.3f %8.3f %8.3f %8.3f %14s %14s%n",
              arm,
              at[0],
              at[1],
              at[2],
              at[3],
              ReplayTable.format(medianCost(curves, 0.95)),
              ReplayTable.format(medianCost(curves, 0.99)));
        });
    List<Curve> fixed = arms.get("fixed");
    for (var arm : arms.entrySet()) {
      if (arm.getKey().equals("fixed")) continue;
      for (double share : new double[] {0.95, 0.99}) {
        double[] diff = new double[seeds];
        int wins = 0;
        for (int s = 0; s < seeds; s++) {
          double h = orInfinity(arm.getValue().get(s).costToReach(share));
          double f = orInfinity(fixed.get(s).costToReach(share));
          diff[s] = h == f ? 0 : h - f; // both never: a tie
          if (diff[s] < 0) wins++;
        }
        System.out.printf(
            Locale.ROOT,
            "%s, to %.0f%%: minus fixed, median %s epochs; cheaper in %d of %d seeds%n",
            arm.getKey(),
            share * 100,
            ReplayTable.format(ReplayTable.median(diff)),
            wins,
            seeds);
      }
    }
  }

  static double medianCost(List<Curve> curves, double share) {
    return ReplayTable.median(
        curves.stream().mapToDouble(c -> orInfinity(c.costToReach(share))).toArray());
  }

  private static double orInfinity(Double cost) {
    return cost == null ? Double.POSITIVE_INFINITY : cost;
  }
}
