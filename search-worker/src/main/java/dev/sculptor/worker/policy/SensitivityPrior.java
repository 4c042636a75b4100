package dev.sculptor.worker.policy;

import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.PrunableLayer;
import dev.sculptor.core.space.CompressionPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a measured per-layer sensitivity analysis into what the RL pruning policy should prefer for
 * each analysed layer, so a policy can start from measurements instead of from uniform choices. The
 * preference for ratio r of a layer is a softmax over {@code r - drop(r) /}{@link
 * #DROP_WORTH_FULL_PRUNING}: pruning is worth its ratio, and each accuracy point lost without
 * fine-tuning costs as much as pruning the layer by half. That exchange rate is a design choice,
 * not a measurement; the drops are the analysis's, measured before any fine-tune, so they overstate
 * what a fine-tuned candidate loses. Because the policy's inputs are layer features (kind, width,
 * kernel, stride, share of the MACs) and not layer names, what it learns from one analysed network
 * carries over to the other networks of the same search space.
 */
public final class SensitivityPrior {
  /** The accuracy drop that cancels the benefit of pruning a layer completely. */
  static final double DROP_WORTH_FULL_PRUNING = 0.02;

  /** How sharp the preference is between neighbouring ratios. */
  static final double TEMPERATURE = 0.25;

  private static final List<Double> RATIOS = CompressionPlan.PRUNING_RATIOS;

  /** One layer: what the policy sees of it, and the probability it should give each ratio. */
  public record Example(double[] features, double[] target) {}

  /**
   * One analysis, named by {@code key} (what the policy records once it has absorbed it), with one
   * example per analysed layer.
   */
  public record Analysis(String key, List<Example> examples) {
    public Analysis {
      examples = List.copyOf(examples);
    }
  }

  private SensitivityPrior() {}

  /**
   * The examples of {@code analysis}, measured on a network whose full-width prunable layers are
   * {@code layers} (the analysis indexes the same list). Layers the analysis does not name, and
   * ratios it did not measure, are left out: nothing is guessed.
   */
  public static Analysis of(String key, List<PrunableLayer> layers, Sensitivity analysis) {
    List<Example> examples = new ArrayList<>();
    double previous = 0;
    for (int i = 0; i < layers.size(); i++) {
      Sensitivity.Layer measured = row(analysis, i);
      double[] target = measured == null ? null : target(analysis, measured);
      if (target != null) {
        examples.add(new Example(PruningPolicy.layerFeatures(layers, i, 1, previous), target));
        previous = RATIOS.get(argmax(target));
      } else {
        previous = 0;
      }
    }
    return new Analysis(key, examples);
  }

  /** The preferred distribution over the policy's ratios, or null if a ratio was not measured. */
  static double[] target(Sensitivity analysis, Sensitivity.Layer layer) {
    double[] utility = new double[RATIOS.size()];
    for (int a = 0; a < RATIOS.size(); a++) {
      double ratio = RATIOS.get(a);
      double drop;
      if (ratio == 0) {
        drop = 0;
      } else {
        int measured = analysis.pruningRatios().indexOf(ratio);
        if (measured < 0 || measured >= layer.prunedAccuracy().size()) return null;
        drop = Math.max(0, analysis.baselineAccuracy() - layer.prunedAccuracy().get(measured));
      }
      utility[a] = (ratio - drop / DROP_WORTH_FULL_PRUNING) / TEMPERATURE;
    }
    double max = java.util.Arrays.stream(utility).max().orElse(0);
    double sum = 0;
    for (int a = 0; a < utility.length; a++) sum += utility[a] = Math.exp(utility[a] - max);
    for (int a = 0; a < utility.length; a++) utility[a] /= sum;
    return utility;
  }

  private static Sensitivity.Layer row(Sensitivity analysis, int index) {
    return analysis.layers().stream().filter(l -> l.index() == index).findFirst().orElse(null);
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int a = 1; a < p.length; a++) if (p[a] > p[best]) best = a;
    return best;
  }
}
