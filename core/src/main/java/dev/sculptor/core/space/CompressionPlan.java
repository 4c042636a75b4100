package dev.sculptor.core.space;

import java.util.List;

/**
 * Weight precision plus per-layer channel pruning ratios, one per prunable layer in network order
 * (see {@link dev.sculptor.core.network.NetworkDecoder}). An empty list means no pruning.
 */
public record CompressionPlan(Precision precision, List<Double> pruningRatios) {
  /**
   * The ratios the search chooses from, for the genome's uniform gene and the RL policy alike: the
   * one list every part of the product (and the benchmarks) refers to.
   */
  public static final List<Double> PRUNING_RATIOS = List.of(0.0, 0.25, 0.5, 0.75);

  /** The most a layer is ever pruned; larger ratios in a plan are clamped to it. */
  public static final double MAX_PRUNING_RATIO = PRUNING_RATIOS.getLast();

  public CompressionPlan {
    pruningRatios = pruningRatios == null ? List.of() : List.copyOf(pruningRatios);
  }

  public static CompressionPlan none() {
    return new CompressionPlan(Precision.FP32, List.of());
  }

  /**
   * The ratio applied to the {@code index}-th prunable layer: the plan's, clamped to [0, {@link
   * #MAX_PRUNING_RATIO}]; 0 (keep every channel) when the plan has none for it.
   */
  public double ratioAt(int index) {
    Double r = index < pruningRatios.size() ? pruningRatios.get(index) : null;
    return r == null || !Double.isFinite(r) ? 0 : Math.clamp(r, 0, MAX_PRUNING_RATIO);
  }
}
