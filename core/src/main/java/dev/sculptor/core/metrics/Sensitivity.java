package dev.sculptor.core.metrics;

import java.util.Comparator;
import java.util.List;

/**
 * Per-layer sensitivity of a trained float network: its accuracy after pruning each prunable layer
 * alone at each of {@code pruningRatios} (structured channel pruning, no fine-tuning) and after
 * quantising that layer's weights alone to int8 (per-channel symmetric), against the unmodified
 * {@code baselineAccuracy}. Every accuracy is measured on the first {@code sampleSize} examples of
 * {@code split}; {@code method} says so in words and {@code elapsedMs} is what the analysis cost.
 */
public record Sensitivity(
    double baselineAccuracy,
    List<Double> pruningRatios,
    List<Layer> layers,
    int sampleSize,
    String split,
    String method,
    long elapsedMs) {

  public Sensitivity {
    pruningRatios = pruningRatios == null ? List.of() : List.copyOf(pruningRatios);
    layers = layers == null ? List.of() : List.copyOf(layers);
  }

  /**
   * One prunable layer: its position among the prunable layers (the index a compression plan's
   * ratios use), name and width, the accuracy with it pruned alone at each of the analysis's ratios
   * (same order), and with its weights alone in int8.
   */
  public record Layer(
      int index,
      String name,
      String kind,
      int channels,
      List<Double> prunedAccuracy,
      double int8Accuracy) {
    public Layer {
      prunedAccuracy = prunedAccuracy == null ? List.of() : List.copyOf(prunedAccuracy);
    }
  }

  /**
   * How much a layer hurts when touched alone: the mean accuracy drop from the baseline over every
   * pruning ratio and int8, so one number orders layers whatever the ratios measured.
   */
  public double score(Layer layer) {
    double sum = baselineAccuracy - layer.int8Accuracy();
    for (double a : layer.prunedAccuracy()) sum += baselineAccuracy - a;
    return sum / (layer.prunedAccuracy().size() + 1);
  }

  /** The layers, most sensitive first; equal scores keep network order. */
  public List<Layer> ranked() {
    return layers.stream()
        .sorted(Comparator.comparingDouble((Layer l) -> -score(l)).thenComparingInt(Layer::index))
        .toList();
  }
}
