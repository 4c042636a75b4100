package dev.sculptor.bench.search;

import dev.sculptor.bench.search.ReplayTable.Table;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.worker.strategy.ModelGuidance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Replays the product's search on the compression slice's table ({@link CompressionSlice}): the
 * whole compression genome (a job naming every technique) against today's (pruning and one
 * precision), at equal evaluations, and, from the table alone, what each technique buys: the median
 * change in accuracy, size and latency between candidates that differ only in it, and how many
 * members of the best front use it. Run: bench/search/compression-replay.sh
 */
public final class CompressionReplay {
  /** One replayed arm: a strategy over a genome layout. */
  record Arm(String label, Strategy strategy, boolean policy, GenomeLayout layout) {}

  static final List<Arm> ARMS =
      List.of(
          new Arm(
              "genetic, today's genome", Strategy.GENETIC, false, MobileCnnSpace.layout(List.of())),
          new Arm(
              "genetic+rl, today's genome",
              Strategy.GENETIC,
              true,
              MobileCnnSpace.layout(List.of())),
          new Arm("genetic, whole genome", Strategy.GENETIC, false, CompressionSlice.fullLayout()),
          new Arm(
              "genetic+rl, whole genome", Strategy.GENETIC, true, CompressionSlice.fullLayout()),
          new Arm("random, whole genome", Strategy.RANDOM, false, CompressionSlice.fullLayout()));

  /** What a slice candidate is, as its table row says. */
  record Settings(
      int width,
      String precision,
      double pruning,
      double sparsity,
      double lowRank,
      boolean distilled,
      boolean quantisationAware,
      String mix) {
    Settings withPrecision(String p) {
      return new Settings(width, p, pruning, sparsity, lowRank, distilled, false, "UNIFORM");
    }

    Settings withPruning(double p) {
      return new Settings(
          width, precision, p, sparsity, lowRank, distilled, quantisationAware, mix);
    }

    Settings withSparsity(double s) {
      return new Settings(width, precision, pruning, s, lowRank, distilled, quantisationAware, mix);
    }

    Settings withLowRank(double r) {
      return new Settings(
          width, precision, pruning, sparsity, r, distilled, quantisationAware, mix);
    }

    Settings withDistillation() {
      return new Settings(
          width, precision, pruning, sparsity, lowRank, true, quantisationAware, mix);
    }

    Settings withQuantisationAware() {
      return new Settings(width, precision, pruning, sparsity, lowRank, distilled, true, mix);
    }

    Settings withMix(String m) {
      return new Settings(
          width, precision, pruning, sparsity, lowRank, distilled, quantisationAware, m);
    }

    /**
     * Whether the evaluator fine-tunes it (pruning, sparsity, low rank and quantisation-aware
     * training need one): at the table's fidelity, one more epoch of training.
     */
    boolean fineTuned() {
      return pruning > 0 || sparsity > 0 || lowRank > 0 || quantisationAware;
    }

    boolean basic() {
      return sparsity == 0
          && lowRank == 0
          && !distilled
          && !quantisationAware
          && mix.equals("UNIFORM");
    }
  }

  /**
   * A table row: the candidate's settings and measurements (zeros when it failed), and the note the
   * evaluator wrote on its distillation.
   */
  record Row(
      String fingerprint,
      Settings settings,
      boolean succeeded,
      double accuracy,
      double latencyMs,
      double bytes,
      String teacherNote) {
    /** The row {@link BuildTable} wrote; a technique it left out (null) is off. */
    static Row of(BuildTable.Row r) {
      boolean ok = "SUCCEEDED".equals(r.status());
      return new Row(
          r.fingerprint(),
          new Settings(
              r.width(),
              r.precision(),
              r.pruning(),
              r.sparsity() == null ? 0 : r.sparsity(),
              r.lowRank() == null ? 0 : r.lowRank(),
              Boolean.TRUE.equals(r.distilled()),
              Boolean.TRUE.equals(r.quantisationAware()),
              r.precisionMix()),
          ok,
          ok ? r.accuracy() : 0,
          ok ? r.latencyMs() : 0,
          ok ? r.modelBytes() : 0,
          r.distillation());
    }
  }

  /**
   * A technique: which candidates it can be added to, the same candidate with it, and whether a
   * candidate uses it.
   */
  record Technique(
      String name,
      Predicate<Settings> without,
      UnaryOperator<Settings> with,
      Predicate<Settings> uses) {}

  static final List<Technique> TECHNIQUES =
      List.of(
          new Technique(
              "pruning 0.5", s -> s.pruning() == 0, s -> s.withPruning(0.5), s -> s.pruning() > 0),
          new Technique(
              "sparsity 0.75",
              s -> s.sparsity() == 0,
              s -> s.withSparsity(0.75),
              s -> s.sparsity() > 0),
          new Technique(
              "low rank 0.25",
              s -> s.lowRank() == 0,
              s -> s.withLowRank(0.25),
              s -> s.lowRank() > 0),
          new Technique(
              "distillation", s -> !s.distilled(), Settings::withDistillation, Settings::distilled),
          new Technique(
              "int8 (from fp32)",
              s -> s.precision().equals("FP32"),
              s -> s.withPrecision("INT8"),
              s -> s.precision().equals("INT8")),
          new Technique(
              "fp16 (from fp32)",
              s -> s.precision().equals("FP32"),
              s -> s.withPrecision("FP16"),
              s -> s.precision().equals("FP16")),
          new Technique(
              "QAT (int8)",
              s -> s.precision().equals("INT8") && !s.quantisationAware(),
              Settings::withQuantisationAware,
              Settings::quantisationAware),
          new Technique(
              "mix all-int8 (from uniform)",
              s -> s.precision().equals("INT8") && s.mix().equals("UNIFORM"),
              s -> s.withMix("ALL_INT8"),
              s -> s.mix().equals("ALL_INT8")),
          new Technique(
              "mix depthwise-fp16 (from uniform)",
              s -> s.precision().equals("INT8") && s.mix().equals("UNIFORM"),
              s -> s.withMix("DEPTHWISE_FP16"),
              s -> s.mix().equals("DEPTHWISE_FP16")));

  static List<Row> rows(Path path) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(path))
      if (!line.isBlank()) rows.add(Row.of(Json.read(line, BuildTable.Row.class)));
    return rows;
  }

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[0]);
    int seeds = Integer.parseInt(args[1]);
    double maxBytes = Double.parseDouble(args[2]);
    double maxLatencyMs = Double.parseDouble(args[3]);
    int size = CompressionSlice.all().size();
    Table table = Table.load(path, maxBytes, maxLatencyMs, CompressionSlice.INSTANCE, size);
    List<Row> rows = rows(path);
    List<Objectives> all = List.copyOf(table.rows().values());
    double best = table.best();
    List<Row> basic = rows.stream().filter(r -> r.settings().basic()).toList();
    double basicBest =
        table.hypervolume(basic.stream().map(r -> table.lookup(r.fingerprint())).toList());
    System.out.printf(
        Locale.ROOT,
        "table: %d candidates (%d failed), %d feasible under %.0f bytes and %.3f ms; best front %d"
            + " candidates; today's genome reaches %d candidates, whose best front has %.3f of the"
            + " whole table's hypervolume%n",
        rows.size(),
        rows.stream().filter(r -> !r.succeeded()).count(),
        all.stream().filter(Objectives::feasible).count(),
        maxBytes,
        maxLatencyMs,
        ParetoFront.of(all, o -> o).size(),
        basic.size(),
        basicBest / best);

    System.out.printf(
        Locale.ROOT,
        "%-28s %8s %8s %8s %8s %10s %10s %8s%n",
        "arm",
        "HV@12",
        "HV@24",
        "HV@48",
        "HV@96",
        "evals→95%",
        "evals→99%",
        "final");
    for (Arm arm : ARMS) {
      List<double[]> curves = new ArrayList<>();
      for (int seed = 1; seed <= seeds; seed++)
        curves.add(
            ReplayTable.replay(
                    table,
                    arm.strategy(),
                    arm.policy(),
                    ModelGuidance.DEFAULT,
                    arm.layout(),
                    seed,
                    size,
                    Double.POSITIVE_INFINITY)
                .curve());
      System.out.printf(
          Locale.ROOT,
          "%-28s %8.3f %8.3f %8.3f %8.3f %10s %10s %8.3f%n",
          arm.label(),
          ReplayTable.meanAt(curves, 12),
          ReplayTable.meanAt(curves, 24),
          ReplayTable.meanAt(curves, 48),
          ReplayTable.meanAt(curves, 96),
          ReplayTable.median(curves, 0.95),
          ReplayTable.median(curves, 0.99),
          ReplayTable.meanAt(curves, size));
    }

    Map<Settings, Row> bySettings = new HashMap<>();
    rows.forEach(r -> bySettings.put(r.settings(), r));
    List<Objectives> front = ParetoFront.of(all, o -> o);
    List<Row> frontRows =
        rows.stream().filter(r -> front.contains(table.lookup(r.fingerprint()))).toList();
    System.out.printf(
        Locale.ROOT,
        "%n%-34s %6s %12s %12s %12s %10s %22s%n",
        "technique (pairs differing only in it)",
        "pairs",
        "Δaccuracy",
        "size ×",
        "latency ×",
        "on front",
        "Δaccuracy, same epochs");
    for (Technique t : TECHNIQUES) {
      List<Double> accuracy = new ArrayList<>();
      List<Double> bytes = new ArrayList<>();
      List<Double> latency = new ArrayList<>();
      // a technique that brings a fine-tune also brings an epoch: compared without that epoch too
      List<Double> sameEpochs = new ArrayList<>();
      for (Row without : rows) {
        if (!without.succeeded() || !t.without().test(without.settings())) continue;
        Row with = bySettings.get(t.with().apply(without.settings()));
        if (with == null || !with.succeeded()) continue;
        accuracy.add(with.accuracy() - without.accuracy());
        bytes.add(with.bytes() / without.bytes());
        latency.add(with.latencyMs() / without.latencyMs());
        if (with.settings().fineTuned() == without.settings().fineTuned())
          sameEpochs.add(with.accuracy() - without.accuracy());
      }
      System.out.printf(
          Locale.ROOT,
          "%-34s %6d %+12.4f %12.3f %12.3f %6d/%-3d %+12.4f (%d pairs)%n",
          t.name(),
          accuracy.size(),
          median(accuracy),
          median(bytes),
          median(latency),
          frontRows.stream().filter(r -> t.uses().test(r.settings())).count(),
          frontRows.size(),
          median(sameEpochs),
          sameEpochs.size());
    }
  }

  static double median(List<Double> values) {
    return ReplayTable.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
