package dev.sculptor.bench.search;

import dev.sculptor.bench.search.ReplayTable.Replayed;
import dev.sculptor.bench.search.ReplayTable.Table;
import dev.sculptor.core.pareto.Objectives;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sculptor's strategies and Optuna's samplers on the same table, seeds and constraint settings,
 * scored by one code: the Optuna side's evaluation order (written by optuna_peers.py) is replayed
 * through the same table lookups and the product's hypervolume. Prints, per setting, the median
 * evaluations to reach 95% and 99% of the table's best hypervolume and, paired by seed, the median
 * of each strategy's difference from TPE with constraints (negative: fewer evaluations than TPE). A
 * seed that never reaches a share counts as infinitely many evaluations. Every run stops once it
 * reaches 99%, since nothing past it is scored. Run: bench/search/compare.sh
 *
 * <p>Arguments: TABLE OPTUNA.csv OUT.csv SEEDS NAME=MAX_BYTES:MAX_LATENCY_MS ...
 */
public final class PeerComparison {
  static final String REFERENCE = "tpe-constrained";
  static final double STOP_AT = 0.99;
  static final double[] SHARES = {0.95, 0.99};

  private PeerComparison() {}

  public static void main(String[] args) throws Exception {
    Path tablePath = Path.of(args[0]);
    Map<String, Map<String, Map<Integer, List<String>>>> optuna = readOrders(Path.of(args[1]));
    Path out = Path.of(args[2]);
    int seeds = Integer.parseInt(args[3]);
    List<Replayed> replayed = new ArrayList<>();
    for (String name : System.getProperty("replayed", "GENETIC,GENETIC_RL_PRUNING").split(","))
      replayed.add(Replayed.valueOf(name.trim()));
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
      csv.println("setting,strategy,seed,evaluations,hypervolume_ratio");
      for (int a = 4; a < args.length; a++) {
        String name = args[a].substring(0, args[a].indexOf('='));
        String[] limits = args[a].substring(args[a].indexOf('=') + 1).split(":");
        Table table =
            Table.load(tablePath, Double.parseDouble(limits[0]), Double.parseDouble(limits[1]));
        long feasible = table.rows().values().stream().filter(Objectives::feasible).count();
        System.out.printf(
            Locale.ROOT,
            "%n== %s: %s bytes, %s ms (%d of %d candidates feasible)%n",
            name,
            limits[0],
            limits[1],
            feasible,
            table.rows().size());
        Map<String, Map<Integer, double[]>> curves = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, List<String>>> peer :
            optuna.getOrDefault(name, Map.of()).entrySet()) {
          Map<Integer, double[]> perSeed = new TreeMap<>();
          peer.getValue().forEach((seed, order) -> perSeed.put(seed, curve(table, order)));
          curves.put(peer.getKey(), perSeed);
        }
        Map<String, Map<Integer, double[]>> reused = reused(name);
        curves.putAll(reused);
        for (Replayed r : reused.isEmpty() ? replayed : List.<Replayed>of()) {
          Map<Integer, double[]> perSeed = new TreeMap<>();
          for (int seed = 1; seed <= seeds; seed++)
            perSeed.put(
                seed,
                ReplayTable.replay(
                        table, r.strategy, r.policy, r.guidance, seed, table.rows().size(), STOP_AT)
                    .curve());
          curves.put(r.label, perSeed);
        }
        curves.forEach(
            (strategy, perSeed) ->
                perSeed.forEach(
                    (seed, c) -> {
                      for (int i = 0; i < c.length; i++)
                        csv.printf(
                            Locale.ROOT, "%s,%s,%d,%d,%.9f%n", name, strategy, seed, i + 1, c[i]);
                    }));
        csv.flush();
        print(curves);
      }
    }
  }

  static void print(Map<String, Map<Integer, double[]>> curves) {
    Map<Integer, double[]> reference = curves.get(REFERENCE);
    System.out.printf(
        Locale.ROOT,
        "%-26s %6s %10s %10s %9s %9s %22s %22s%n",
        "strategy",
        "seeds",
        "evals→95%",
        "evals→99%",
        "reach 95%",
        "reach 99%",
        "Δ95% vs TPE+c (w/t/l)",
        "Δ99% vs TPE+c (w/t/l)");
    curves.forEach(
        (strategy, perSeed) -> {
          List<String> cells = new ArrayList<>();
          for (double share : SHARES) {
            double[] e =
                perSeed.values().stream()
                    .mapToDouble(c -> ReplayTable.evaluationsOrInfinity(c, share))
                    .toArray();
            cells.add(ReplayTable.format(ReplayTable.median(e)));
          }
          for (double share : SHARES)
            cells.add(
                perSeed.values().stream()
                        .filter(c -> ReplayTable.evaluationsTo(c, share) != null)
                        .count()
                    + "/"
                    + perSeed.size());
          for (double share : SHARES) cells.add(paired(perSeed, reference, share));
          System.out.printf(
              Locale.ROOT,
              "%-26s %6d %10s %10s %9s %9s %22s %22s%n",
              strategy,
              perSeed.size(),
              cells.get(0),
              cells.get(1),
              cells.get(2),
              cells.get(3),
              cells.get(4),
              cells.get(5));
        });
  }

  /**
   * Median over the seeds both sides ran of (evaluations of this strategy − evaluations of the
   * reference) to reach {@code share}, with how many seeds it needed fewer / as many / more.
   */
  static String paired(Map<Integer, double[]> perSeed, Map<Integer, double[]> reference, double s) {
    if (reference == null) return "no reference";
    List<Double> differences = new ArrayList<>();
    int wins = 0;
    int ties = 0;
    int losses = 0;
    for (Map.Entry<Integer, double[]> e : perSeed.entrySet()) {
      double[] ref = reference.get(e.getKey());
      if (ref == null) continue;
      double mine = ReplayTable.evaluationsOrInfinity(e.getValue(), s);
      double theirs = ReplayTable.evaluationsOrInfinity(ref, s);
      double d = mine == theirs ? 0 : mine - theirs; // both never reaching it is a tie
      differences.add(d);
      if (d < 0) wins++;
      else if (d == 0) ties++;
      else losses++;
    }
    double median =
        ReplayTable.median(differences.stream().mapToDouble(Double::doubleValue).toArray());
    String m =
        Double.isInfinite(median) ? (median > 0 ? "+inf" : "-inf") : ReplayTable.format(median);
    if (median > 0 && !Double.isInfinite(median)) m = "+" + m;
    return String.format(Locale.ROOT, "%s (%d/%d/%d)", m, wins, ties, losses);
  }

  /** A run's hypervolume after each distinct evaluation, as a share of the table's best. */
  static double[] curve(Table table, List<String> fingerprints) {
    List<Objectives> evaluated = new ArrayList<>();
    double best = table.best();
    double[] curve = new double[fingerprints.size()];
    for (int i = 0; i < curve.length; i++) {
      evaluated.add(table.lookup(fingerprints.get(i)));
      curve[i] = table.hypervolume(evaluated) / best;
    }
    return curve;
  }

  /**
   * Sculptor's curves for one setting from an earlier run's CSV (system property {@code reuse}), so
   * Optuna's results can be scored again as more seeds finish without replaying Sculptor's
   * deterministic runs; empty when not asked for.
   */
  static Map<String, Map<Integer, double[]>> reused(String setting) throws java.io.IOException {
    String path = System.getProperty("reuse");
    Map<String, Map<Integer, double[]>> curves = new LinkedHashMap<>();
    if (path == null) return curves;
    Map<String, Map<Integer, List<Double>>> points = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(Path.of(path));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (!f[0].equals(setting) || !Set.of(SCULPTOR).contains(f[1])) continue;
      points
          .computeIfAbsent(f[1], k -> new TreeMap<>())
          .computeIfAbsent(Integer.parseInt(f[2]), k -> new ArrayList<>())
          .add(Double.parseDouble(f[4]));
    }
    points.forEach(
        (strategy, perSeed) -> {
          Map<Integer, double[]> c = new TreeMap<>();
          perSeed.forEach(
              (seed, v) -> c.put(seed, v.stream().mapToDouble(Double::doubleValue).toArray()));
          curves.put(strategy, c);
        });
    return curves;
  }

  private static final String[] SCULPTOR =
      java.util.Arrays.stream(Replayed.values()).map(r -> r.label).toArray(String[]::new);

  /** optuna_peers.py's CSV: setting → strategy → seed → fingerprints in evaluation order. */
  static Map<String, Map<String, Map<Integer, List<String>>>> readOrders(Path csv)
      throws java.io.IOException {
    Map<String, Map<String, Map<Integer, List<String>>>> orders = new LinkedHashMap<>();
    if (!Files.exists(csv)) return orders;
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (line.isBlank()) continue;
      String[] f = line.split(",");
      orders
          .computeIfAbsent(f[1], k -> new LinkedHashMap<>())
          .computeIfAbsent(f[0], k -> new TreeMap<>())
          .computeIfAbsent(Integer.parseInt(f[2]), k -> new ArrayList<>())
          .add(f[4]);
    }
    return orders;
  }
}
