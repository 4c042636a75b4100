import com.fasterxml.jackson.databind.JsonNode;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.pareto.Hypervolume;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.worker.policy.PruningPolicy;
import dev.sculptor.worker.strategy.SearchBudget;
import dev.sculptor.worker.strategy.SearchStrategy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Replays the product's search strategies against the committed table (bench/search/table), as
 * NAS-Bench-201 does: a strategy's "evaluation" is a table lookup by the decoded candidate's
 * fingerprint, counted once per distinct candidate as the worker counts them. Writes the
 * hypervolume after every evaluation for each strategy and seed (CSV) and prints a summary.
 * Run: bench/search/replay.sh
 */
public class ReplayTable {
  static final int POPULATION = 12;
  static final int MAX_GENERATIONS = 3000; // generations cost nothing in a replay; this only ends a strategy that proposes nothing new

  public static void main(String[] args) throws Exception {
    Path tablePath = Path.of(args[0]);
    Path csvPath = Path.of(args[1]);
    int seeds = Integer.parseInt(args[2]);
    double maxBytes = Double.parseDouble(args[3]);
    double maxLatencyMs = Double.parseDouble(args[4]);

    Map<String, Objectives> table = new HashMap<>();
    for (String line : Files.readAllLines(tablePath)) {
      if (line.isBlank()) continue;
      JsonNode row = Json.mapper().readTree(line);
      Objectives o = !"SUCCEEDED".equals(row.get("status").asText()) ? SearchBudget.NOT_EVALUATED
          : objectives(row.get("accuracy").asDouble(), row.get("latencyMs").asDouble(), row.get("modelBytes").asDouble(), maxBytes, maxLatencyMs);
      table.put(row.get("fingerprint").asText(), o);
    }
    if (table.size() != ReducedSpace.all().size()) throw new IllegalStateException("the table has " + table.size() + " of " + ReducedSpace.all().size() + " rows");
    List<Objectives> all = List.copyOf(table.values());
    double best = Hypervolume.of(ParetoFront.of(all, o -> o), maxLatencyMs, maxBytes);
    long feasible = all.stream().filter(Objectives::feasible).count();
    System.out.printf(Locale.ROOT, "table: %d candidates, %d feasible under %.0f bytes and %.3f ms; best feasible front: %d candidates, hypervolume %.5f%n",
        all.size(), feasible, maxBytes, maxLatencyMs, ParetoFront.of(all, o -> o).size(), best);
    for (double share : new double[] {0.95, 0.99}) {
      int[] fewest = fewestToReach(ParetoFront.of(all, o -> o), share, maxLatencyMs, maxBytes);
      System.out.printf(Locale.ROOT, "to reach %.0f%% of it any strategy must evaluate at least %d candidates; a greedy oracle that knows the table needs %d%n",
          share * 100, fewest[0], fewest[1]);
    }

    String[] names = {"genetic", "genetic+rl-pruning", "random", "regularized-evolution"};
    Map<String, List<double[]>> curves = new HashMap<>();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(csvPath))) {
      csv.println("strategy,seed,evaluations,hypervolume_ratio");
      for (String name : names) {
        List<double[]> perSeed = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
          TableBudget run = new TableBudget(table, table.size(), maxBytes, maxLatencyMs,
              name.equals("genetic+rl-pruning") ? PruningPolicy.fresh() : null, seed);
          Strategy strategy = switch (name) {
            case "random" -> Strategy.RANDOM;
            case "regularized-evolution" -> Strategy.REGULARIZED_EVOLUTION;
            default -> Strategy.GENETIC;
          };
          SearchStrategy.of(strategy, seed, POPULATION).search(run);
          if (System.getenv("REPLAY_DEBUG") != null) System.err.printf("%s seed %d: %d evaluated in %d generations%n", name, seed, run.evaluated.size(), run.generations);
          double[] curve = run.curve.stream().mapToDouble(hv -> hv / best).toArray();
          perSeed.add(curve);
          for (int i = 0; i < curve.length; i++) csv.printf(Locale.ROOT, "%s,%d,%d,%.5f%n", name, seed, i + 1, curve[i]);
        }
        curves.put(name, perSeed);
      }
    }
    System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s %12s %12s %12s%n", "strategy", "HV@30", "HV@60", "HV@120",
        "evals→95%", "evals→99%", "reached 99%");
    for (String name : names) {
      List<double[]> perSeed = curves.get(name);
      System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f %12.3f %12s %12s %9d/%d%n", name, meanAt(perSeed, 30), meanAt(perSeed, 60),
          meanAt(perSeed, 120), median(perSeed, 0.95), median(perSeed, 0.99), reached(perSeed, 0.99), perSeed.size());
    }
  }

  static Objectives objectives(double accuracy, double latencyMs, double bytes, double maxBytes, double maxLatencyMs) {
    double violation = Math.max(0, bytes / maxBytes - 1) + Math.max(0, latencyMs / maxLatencyMs - 1);
    return new Objectives(accuracy, latencyMs, bytes, violation);
  }

  /**
   * How few candidates can reach {@code share} of the front's hypervolume. Lower bound: a set
   * missing front members loses at least their exclusive contributions (those regions are disjoint
   * and nothing else covers them), and a candidate off the front adds nothing its dominator would
   * not; so at least the front minus the most members whose exclusive contributions sum to no more
   * than the allowed loss. Upper bound: add the member with the largest gain until it is reached.
   */
  static int[] fewestToReach(List<Objectives> front, double share, double maxLatencyMs, double maxBytes) {
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
    while (droppable < exclusive.length && loss + exclusive[droppable] <= (1 - share) * total + 1e-12) loss += exclusive[droppable++];
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
    return curves.stream().mapToDouble(c -> c.length == 0 ? 0 : c[Math.min(evaluations, c.length) - 1]).average().orElse(0);
  }

  /** Evaluations needed to reach {@code share} of the best hypervolume, or null when not reached. */
  static Integer evaluationsTo(double[] curve, double share) {
    for (int i = 0; i < curve.length; i++) if (curve[i] >= share - 1e-12) return i + 1;
    return null;
  }

  static int reached(List<double[]> curves, double share) {
    return (int) curves.stream().filter(c -> evaluationsTo(c, share) != null).count();
  }

  /** Median over seeds of the evaluations to reach {@code share}; seeds that never reach it count as infinite. */
  static String median(List<double[]> curves, double share) {
    double[] n = curves.stream().mapToDouble(c -> {
      Integer e = evaluationsTo(c, share);
      return e == null ? Double.POSITIVE_INFINITY : e;
    }).sorted().toArray();
    double m = n.length % 2 == 1 ? n[n.length / 2] : (n[n.length / 2 - 1] + n[n.length / 2]) / 2;
    return Double.isInfinite(m) ? "not reached" : String.format(Locale.ROOT, "%.0f", m);
  }

  /** The table as a search budget: lookups by fingerprint, each distinct candidate counted once. */
  static final class TableBudget implements SearchBudget {
    final Map<String, Objectives> table;
    final int budget;
    final double maxBytes;
    final PruningPolicy policy;
    final SplittableRandom random;
    final Set<String> seen = new HashSet<>();
    final List<Objectives> evaluated = new ArrayList<>();
    final List<Double> curve = new ArrayList<>();
    final double maxLatencyMs;
    int generations;

    TableBudget(Map<String, Objectives> table, int budget, double maxBytes, double maxLatencyMs, PruningPolicy policy, long seed) {
      this.table = table;
      this.budget = budget;
      this.maxBytes = maxBytes;
      this.maxLatencyMs = maxLatencyMs;
      this.policy = policy;
      this.random = new SplittableRandom(seed ^ 0x5eed_9011cL);
    }

    @Override
    public List<Objectives> evaluate(List<int[]> genomes) {
      generations++;
      List<Objectives> out = new ArrayList<>();
      for (int[] genes : genomes) {
        CandidateSpec candidate;
        PruningPolicy.Decision decision = null;
        if (policy == null || !PruningPolicy.decides(random)) {
          candidate = ReducedSpace.candidate(genes);
        } else {
          // as the worker does: for its share of candidates the policy picks per-layer ratios, here
          // projected to one uniform table ratio
          CandidateSpec plain = ReducedSpace.candidate(genes, 0);
          NetworkSpec net = NetworkDecoder.decode(plain, InputShape.MNIST, 10);
          double budgetLeft = 1 - (double) net.params() * plain.compression().precision().bytesPerWeight() / maxBytes;
          decision = policy.act(net.prunableLayers(), budgetLeft, random);
          candidate = ReducedSpace.candidate(genes, ReducedSpace.commonestRatio(decision.ratios()));
        }
        String fp = Fingerprint.of(candidate);
        Objectives o = table.get(fp);
        if (o == null) throw new IllegalStateException("not in the table: " + candidate);
        if (!seen.contains(fp)) {
          if (evaluated.size() >= budget) {
            out.add(NOT_EVALUATED);
            continue;
          }
          seen.add(fp);
          evaluated.add(o);
          curve.add(Hypervolume.of(ParetoFront.of(evaluated, x -> x), maxLatencyMs, maxBytes));
        }
        if (decision != null) policy.learn(decision, o == NOT_EVALUATED ? -1 : o.accuracy() - o.violation());
        out.add(o);
      }
      return out;
    }

    @Override
    public int evaluated() {
      return evaluated.size();
    }

    @Override
    public boolean goOn() {
      return evaluated.size() < budget && generations < MAX_GENERATIONS;
    }
  }
}
