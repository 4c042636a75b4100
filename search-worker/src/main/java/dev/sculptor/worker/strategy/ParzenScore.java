package dev.sculptor.worker.strategy;

import dev.sculptor.core.pareto.Objectives;
import dev.sculptor.core.pareto.ParetoFront;
import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The model behind model-guided breeding: Parzen estimators per gene, as multi-objective TPE builds
 * them. The evaluated candidates are split by constrained non-dominated rank ({@link Dominance})
 * into the best share {@code gamma} ("good") and the rest; each gene gets a categorical density
 * over its options for either side, smoothed by a prior spread evenly over the options. A genome's
 * score is {@code log l(x) − log g(x)} summed over genes: high where the good candidates' choices
 * are common and the others' rare. Categorical genes make per-gene estimators natural, and a gene
 * that does not matter has l ≈ g and drops out of the score.
 */
final class ParzenScore {
  /** Weight of the uniform prior, in candidates: keeps unseen options possible. */
  static final double PRIOR = 1.0;

  private final double[][] logRatio;
  private final double[][] good;

  private ParzenScore(double[][] logRatio, double[][] good) {
    this.logRatio = logRatio;
    this.good = good;
  }

  /** A candidate that was evaluated, as the model learns from it. */
  record Evaluated(int[] genes, Objectives objectives) {}

  /**
   * Fits the estimators. Genomes with the same objectives are one candidate (genes a candidate does
   * not use, such as those of absent stages, differ between them): each candidate weighs one,
   * shared among its genomes, and is ranked once, which keeps the cost to the distinct candidates.
   * Whole non-dominated ranks join the good side while they fit in {@code gamma} of the candidates
   * (at least one); the rank that straddles the boundary joins with every member weighted so that
   * the good side weighs exactly that share, which avoids an arbitrary tie-break inside a rank.
   */
  static ParzenScore fit(List<Evaluated> history, double gamma) {
    return fit(history, gamma, new RankCache(), MobileCnnSpace.layout(List.of()));
  }

  /**
   * The ranks of the distinct candidates, kept between fits: they change only when a candidate with
   * new objectives arrives, while genomes arrive every generation.
   */
  static final class RankCache {
    private int candidates = -1;
    private int[] rank;
  }

  static ParzenScore fit(
      List<Evaluated> history, double gamma, RankCache cache, GenomeLayout layout) {
    Map<Objectives, Integer> candidateOf = new HashMap<>();
    List<Evaluated> candidates = new ArrayList<>();
    int[] candidate = new int[history.size()];
    for (int c = 0; c < history.size(); c++) {
      Evaluated e = history.get(c);
      candidate[c] =
          candidateOf.computeIfAbsent(
              e.objectives(),
              o -> {
                candidates.add(e);
                return candidates.size() - 1;
              });
    }
    int[] genomesOf = new int[candidates.size()];
    for (int k : candidate) genomesOf[k]++;
    int n = candidates.size();
    if (cache.candidates != n) {
      cache.rank = ranks(candidates);
      cache.candidates = n;
    }
    int[] rank = cache.rank;
    double wanted = Math.max(1, Math.ceil(gamma * n));
    int maxRank = 0;
    for (int r : rank) maxRank = Math.max(maxRank, r);
    int[] perRank = new int[maxRank + 1];
    for (int r : rank) perRank[r]++;
    double[] goodWeightOfRank = new double[maxRank + 1];
    double taken = 0;
    for (int r = 0; r <= maxRank && taken < wanted; r++) {
      double w = Math.min(1, (wanted - taken) / perRank[r]);
      goodWeightOfRank[r] = w;
      taken += w * perRank[r];
    }
    int length = layout.length();
    double[][] logRatio = new double[length][];
    double[][] goodDensity = new double[length][];
    for (int i = 0; i < length; i++) {
      int options = layout.options(i);
      double[] good = new double[options];
      double[] bad = new double[options];
      double goodTotal = PRIOR;
      double badTotal = PRIOR;
      for (int c = 0; c < history.size(); c++) {
        int v = history.get(c).genes()[i];
        double share = 1.0 / genomesOf[candidate[c]];
        double w = goodWeightOfRank[rank[candidate[c]]];
        good[v] += w * share;
        bad[v] += (1 - w) * share;
        goodTotal += w * share;
        badTotal += (1 - w) * share;
      }
      logRatio[i] = new double[options];
      goodDensity[i] = new double[options];
      for (int v = 0; v < options; v++) {
        double l = (good[v] + PRIOR / options) / goodTotal;
        double g = (bad[v] + PRIOR / options) / badTotal;
        logRatio[i][v] = Math.log(l) - Math.log(g);
        goodDensity[i][v] = l;
      }
    }
    return new ParzenScore(logRatio, goodDensity);
  }

  /** log l(x) − log g(x); higher means more like the good candidates. */
  double score(int[] genes) {
    double s = 0;
    for (int i = 0; i < logRatio.length; i++) s += logRatio[i][genes[i]];
    return s;
  }

  /**
   * The genome with each gene, with probability {@code rate}, redrawn from the good candidates'
   * density l: a mutation that moves towards what has worked, as TPE samples from l.
   */
  int[] mutateTowardsGood(int[] genes, double rate, RandomGenerator random) {
    int[] out = genes.clone();
    for (int i = 0; i < out.length; i++) {
      if (random.nextDouble() >= rate) continue;
      double u = random.nextDouble();
      int v = 0;
      while (v < good[i].length - 1 && (u -= good[i][v]) >= 0) v++;
      out[i] = v;
    }
    return out;
  }

  /** Constrained non-dominated rank of each candidate (0 = not dominated), by peeling fronts. */
  static int[] ranks(List<Evaluated> history) {
    return ParetoFront.ranks(history.stream().map(Evaluated::objectives).toList());
  }
}
