package dev.sculptor.bench.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.pareto.Hypervolume;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.proposal.CandidateProposer;
import dev.sculptor.worker.proposal.CandidateSpace;
import dev.sculptor.worker.strategy.BreedingCounts;
import dev.sculptor.worker.strategy.GeneticSearch;
import dev.sculptor.worker.strategy.ModelGuidance;
import dev.sculptor.worker.strategy.SearchBudget;
import dev.sculptor.worker.strategy.SearchStrategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays the product's search against the committed table (bench/search/table), as NAS-Bench-201
 * does: the product's strategies propose genomes and the product's proposal step ({@link
 * CandidateProposer}: policy share, deduplication, budget, rewards once per generation) turns them
 * into candidates; an "evaluation" is a table lookup by the candidate's fingerprint, counted once
 * per distinct candidate sent, as the worker counts them: a candidate the proposer finds infeasible
 * by construction (its computed size already over the limit) is not looked up and costs nothing.
 * Writes the hypervolume after every evaluation for each strategy and seed (CSV) and prints a
 * summary. Run: bench/search/replay.sh
 */
public final class ReplayTable {
  static final int POPULATION = 12;
  static final int MAX_GENERATIONS =
      3000; // generations cost nothing in a replay; this only ends a strategy that proposes nothing

  /**
   * What is replayed: the product's strategies, the genetic one with and without the RL pruning
   * policy, and with and without model-guided breeding (the product breeds with {@link
   * ModelGuidance#DEFAULT}).
   */
  enum Replayed {
    GENETIC("genetic", Strategy.GENETIC, false, ModelGuidance.DEFAULT),
    GENETIC_RL_PRUNING("genetic+rl-pruning", Strategy.GENETIC, true, ModelGuidance.DEFAULT),
    GENETIC_PLAIN("genetic-plain", Strategy.GENETIC, false, ModelGuidance.OFF),
    GENETIC_PLAIN_RL_PRUNING("genetic-plain+rl-pruning", Strategy.GENETIC, true, ModelGuidance.OFF),
    RANDOM("random", Strategy.RANDOM, false, null),
    REGULARIZED_EVOLUTION("regularized-evolution", Strategy.REGULARIZED_EVOLUTION, false, null);

    final String label;
    final Strategy strategy;
    final boolean policy;
    final ModelGuidance guidance;

    Replayed(String label, Strategy strategy, boolean policy, ModelGuidance guidance) {
      this.label = label;
      this.strategy = strategy;
      this.policy = policy;
      this.guidance = guidance;
    }
  }

  /**
   * One replay's hypervolume curve, and what model-guided breeding did (null for other strategies).
   */
  record Replay(double[] curve, BreedingCounts counts) {}

  /**
   * The table's objectives by fingerprint under a job's limits, and the space its candidates come
   * from (what the proposer decodes genomes with).
   */
  record Table(
      Map<String, Objectives> rows, double maxBytes, double maxLatencyMs, CandidateSpace space) {
    /** A table of {@link ReducedSpace}. */
    static Table load(Path path, double maxBytes, double maxLatencyMs) throws IOException {
      return load(path, maxBytes, maxLatencyMs, ReducedSpace.INSTANCE, ReducedSpace.all().size());
    }

    /** A table of {@code space}, which must hold all its {@code candidates}. */
    static Table load(
        Path path, double maxBytes, double maxLatencyMs, CandidateSpace space, int candidates)
        throws IOException {
      Map<String, Objectives> rows = new HashMap<>();
      for (String line : Files.readAllLines(path)) {
        if (line.isBlank()) continue;
        JsonNode row = Json.mapper().readTree(line);
        Objectives o =
            !"SUCCEEDED".equals(row.get("status").asText())
                ? SearchBudget.NOT_EVALUATED
                : objectives(
                    row.get("accuracy").asDouble(),
                    row.get("latencyMs").asDouble(),
                    row.get("modelBytes").asDouble(),
                    maxBytes,
                    maxLatencyMs);
        rows.put(row.get("fingerprint").asText(), o);
      }
      if (rows.size() != candidates) {
        throw new IllegalStateException(
            "the table has " + rows.size() + " of " + candidates + " rows");
      }
      return new Table(Map.copyOf(rows), maxBytes, maxLatencyMs, space);
    }

    Objectives lookup(String fingerprint) {
      Objectives o = rows.get(fingerprint);
      if (o == null) throw new IllegalStateException("not in the table: " + fingerprint);
      return o;
    }

    double hypervolume(List<Objectives> evaluated) {
      return Hypervolume.of(ParetoFront.of(evaluated, o -> o), maxLatencyMs, maxBytes);
    }

    /** The hypervolume of the whole table's front: what a replay's curve is a share of. */
    double best() {
      return hypervolume(List.copyOf(rows.values()));
    }
  }

  /**
   * One replay: the hypervolume after each new candidate, as a share of the table's best, for at
   * most {@code budget} candidates. A fresh policy, as a job on a target without a saved one starts
   * from.
   */
  static double[] replay(Table table, Replayed replayed, long seed, int budget) {
    return replay(table, replayed.strategy, replayed.policy, replayed.guidance, seed, budget)
        .curve();
  }

  /** A replay of any strategy; {@code guidance} sets the genetic search's breeding. */
  static Replay replay(
      Table table,
      Strategy strategy,
      boolean policy,
      ModelGuidance guidance,
      long seed,
      int budget) {
    return replay(table, strategy, policy, guidance, seed, budget, Double.POSITIVE_INFINITY);
  }

  /** As above, stopping once {@code stopAt} of the table's best hypervolume is reached. */
  static Replay replay(
      Table table,
      Strategy strategy,
      boolean policy,
      ModelGuidance guidance,
      long seed,
      int budget,
      double stopAt) {
    return replay(
        table, strategy, policy, guidance, MobileCnnSpace.layout(List.of()), seed, budget, stopAt);
  }

  /**
   * As above, the strategy evolving genomes of {@code layout} (a job's compression techniques
   * decide it in the product).
   */
  static Replay replay(
      Table table,
      Strategy strategy,
      boolean policy,
      ModelGuidance guidance,
      GenomeLayout layout,
      long seed,
      int budget,
      double stopAt) {
    TableBudget run =
        new TableBudget(table, budget, stopAt, policy ? PruningPolicy.fresh() : null, seed);
    BreedingCounts counts = null;
    if (strategy == Strategy.GENETIC)
      counts = new GeneticSearch(seed, POPULATION, guidance, layout).searchCounting(run);
    else SearchStrategy.of(strategy, seed, POPULATION, layout).search(run);
    double best = table.best();
    return new Replay(run.curve.stream().mapToDouble(hv -> hv / best).toArray(), counts);
  }

  public static void main(String[] args) throws Exception {
    Path tablePath = Path.of(args[0]);
    Path csvPath = Path.of(args[1]);
    int seeds = Integer.parseInt(args[2]);
    double maxBytes = Double.parseDouble(args[3]);
    double maxLatencyMs = Double.parseDouble(args[4]);
    // optional: the labels of the strategies to replay, comma-separated (default: all)
    List<String> only = args.length > 5 ? List.of(args[5].split(",")) : null;

    Table table = Table.load(tablePath, maxBytes, maxLatencyMs);
    List<Objectives> all = List.copyOf(table.rows().values());
    double best = table.best();
    long feasible = all.stream().filter(Objectives::feasible).count();
    System.out.printf(
        Locale.ROOT,
        "table: %d candidates, %d feasible under %.0f bytes and %.3f ms; best feasible front: %d"
            + " candidates, hypervolume %.5f%n",
        all.size(),
        feasible,
        maxBytes,
        maxLatencyMs,
        ParetoFront.of(all, o -> o).size(),
        best);
    long byConstruction =
        ReducedSpace.all().stream()
            .map(ReducedSpace.Entry::candidate)
            .filter(
                c ->
                    ReducedSpace.INSTANCE.exported(c).modelBytesAtLeast(c.compression().precision())
                        > maxBytes)
            .count();
    System.out.printf(
        Locale.ROOT,
        "%d candidates are infeasible by construction (computed size bound over %.0f bytes): the"
            + " proposer never looks them up%n",
        byConstruction,
        maxBytes);
    for (double share : new double[] {0.95, 0.99}) {
      int[] fewest = fewestToReach(ParetoFront.of(all, o -> o), share, maxLatencyMs, maxBytes);
      System.out.printf(
          Locale.ROOT,
          "to reach %.0f%% of it any strategy must evaluate at least %d candidates; a greedy oracle"
              + " that knows the table needs %d%n",
          share * 100,
          fewest[0],
          fewest[1]);
    }

    Map<Replayed, List<double[]>> curves = new LinkedHashMap<>();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(csvPath))) {
      csv.println("strategy,seed,evaluations,hypervolume_ratio");
      for (Replayed replayed : Replayed.values()) {
        if (only != null && !only.contains(replayed.label)) continue;
        List<double[]> perSeed = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
          double[] curve = replay(table, replayed, seed, table.rows().size());
          perSeed.add(curve);
          for (int i = 0; i < curve.length; i++)
            csv.printf(Locale.ROOT, "%s,%d,%d,%.5f%n", replayed.label, seed, i + 1, curve[i]);
        }
        curves.put(replayed, perSeed);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-22s %12s %12s %12s %12s %12s %12s%n",
        "strategy",
        "HV@30",
        "HV@60",
        "HV@120",
        "evals→95%",
        "evals→99%",
        "reached 99%");
    curves.forEach(
        (replayed, perSeed) ->
            System.out.printf(
                Locale.ROOT,
                "%-22s %12.3f %12.3f %12.3f %12s %12s %9d/%d%n",
                replayed.label,
                meanAt(perSeed, 30),
                meanAt(perSeed, 60),
                meanAt(perSeed, 120),
                median(perSeed, 0.95),
                median(perSeed, 0.99),
                reached(perSeed, 0.99),
                perSeed.size()));
  }

  static Objectives objectives(
      double accuracy, double latencyMs, double bytes, double maxBytes, double maxLatencyMs) {
    double violation =
        Math.max(0, bytes / maxBytes - 1) + Math.max(0, latencyMs / maxLatencyMs - 1);
    return new Objectives(accuracy, latencyMs, bytes, violation);
  }

  /**
   * How few candidates can reach {@code share} of the front's hypervolume. Lower bound: a set
   * missing front members loses at least their exclusive contributions (those regions are disjoint
   * and nothing else covers them), and a candidate off the front adds nothing its dominator would
   * not; so at least the front minus the most members whose exclusive contributions sum to no more
   * than the allowed loss. Upper bound: add the member with the largest gain until it is reached.
   */
  static int[] fewestToReach(
      List<Objectives> front, double share, double maxLatencyMs, double maxBytes) {
    double total = Hypervolume.of(front, maxLatencyMs, maxBytes);
    double[] exclusive = new double[front.size()];
    for (int i = 0; i < front.size(); i++) {
      List<Objectives> without = new ArrayList<>(front);
      without.remove(i);
      exclusive[i] = total - Hypervolume.of(without, maxLatencyMs, maxBytes);
    }
    Arrays.sort(exclusive);
    double loss = 0;
    int droppable = 0;
    while (droppable < exclusive.length
        && loss + exclusive[droppable] <= (1 - share) * total + 1e-12)
      loss += exclusive[droppable++];
    List<Objectives> chosen = new ArrayList<>();
    List<Objectives> left = new ArrayList<>(front);
    while (Hypervolume.of(chosen, maxLatencyMs, maxBytes) < share * total - 1e-12) {
      Objectives next = null;
      double bestGain = -1;
      for (Objectives o : left) {
        List<Objectives> with = new ArrayList<>(chosen);
        with.add(o);
        double gain = Hypervolume.of(with, maxLatencyMs, maxBytes);
        if (gain > bestGain) {
          bestGain = gain;
          next = o;
        }
      }
      chosen.add(next);
      left.remove(next);
    }
    return new int[] {front.size() - droppable, chosen.size()};
  }

  static double meanAt(List<double[]> curves, int evaluations) {
    return curves.stream()
        .mapToDouble(c -> c.length == 0 ? 0 : c[Math.min(evaluations, c.length) - 1])
        .average()
        .orElse(0);
  }

  /**
   * Evaluations needed to reach {@code share} of the best hypervolume, or null when not reached.
   */
  static Integer evaluationsTo(double[] curve, double share) {
    for (int i = 0; i < curve.length; i++) if (curve[i] >= share - 1e-12) return i + 1;
    return null;
  }

  static int reached(List<double[]> curves, double share) {
    return (int) curves.stream().filter(c -> evaluationsTo(c, share) != null).count();
  }

  /**
   * Median over seeds of the evaluations to reach {@code share}; seeds that never reach it count as
   * infinite.
   */
  static String median(List<double[]> curves, double share) {
    return format(
        median(curves.stream().mapToDouble(c -> evaluationsOrInfinity(c, share)).toArray()));
  }

  /** Evaluations to reach {@code share}, infinite when never reached. */
  static double evaluationsOrInfinity(double[] curve, double share) {
    Integer e = evaluationsTo(curve, share);
    return e == null ? Double.POSITIVE_INFINITY : e;
  }

  static double median(double[] values) {
    double[] n = values.clone();
    Arrays.sort(n);
    if (n.length == 0) return Double.NaN;
    return n.length % 2 == 1 ? n[n.length / 2] : (n[n.length / 2 - 1] + n[n.length / 2]) / 2;
  }

  static String format(double evaluations) {
    if (Double.isNaN(evaluations)) return "n/a";
    if (Double.isInfinite(evaluations)) return evaluations > 0 ? "not reached" : "-inf";
    return String.format(Locale.ROOT, "%.0f", evaluations);
  }

  /**
   * The table as a search budget: the product's proposer decides what to evaluate, and each new
   * candidate is "evaluated" by a lookup; already-seen candidates are what the job holds.
   */
  static final class TableBudget implements SearchBudget {
    private final Table table;
    private final int budget;
    private final double stopAt;
    private final CandidateProposer proposer;
    private final Set<String> seen = new HashSet<>();

    /** Candidates the free check kept from being looked up. */
    final Set<String> infeasibleByConstruction = new HashSet<>();

    private final List<Objectives> evaluated = new ArrayList<>();
    final List<Double> curve = new ArrayList<>();
    private int generations;

    TableBudget(Table table, int budget, PruningPolicy policy, long seed) {
      this(table, budget, Double.POSITIVE_INFINITY, policy, seed);
    }

    /** Stops early once the front reaches {@code stopAt} of the table's best hypervolume. */
    TableBudget(Table table, int budget, double stopAt, PruningPolicy policy, long seed) {
      this.table = table;
      this.budget = budget;
      this.stopAt = stopAt * table.best();
      this.proposer =
          new CandidateProposer(
              table.space(),
              policy,
              seed,
              new Constraints((long) table.maxBytes(), table.maxLatencyMs(), null, null, null));
    }

    @Override
    public List<Objectives> evaluate(List<int[]> genomes) {
      generations++;
      CandidateProposer.Generation<Objectives> generation =
          proposer.propose(
              genomes,
              fp -> seen.contains(fp) ? Optional.of(table.lookup(fp)) : Optional.empty(),
              budget - evaluated.size());
      for (CandidateProposer.Proposal<Objectives> p : generation.proposals())
        if (p.infeasible() != null) infeasibleByConstruction.add(p.fingerprint());
      for (CandidateProposer.Proposal<Objectives> p : generation.toSend()) {
        seen.add(p.fingerprint());
        evaluated.add(table.lookup(p.fingerprint()));
        curve.add(table.hypervolume(evaluated));
      }
      proposer.learn(generation, table::lookup);
      return generation.objectives(table::lookup);
    }

    @Override
    public int evaluated() {
      return proposer.proposed();
    }

    /** The candidates looked up in the table: the replay's evaluations. */
    Set<String> lookedUp() {
      return Set.copyOf(seen);
    }

    @Override
    public boolean goOn() {
      return evaluated.size() < budget
          && generations < MAX_GENERATIONS
          && (curve.isEmpty() || curve.getLast() < stopAt - 1e-12);
    }
  }
}
