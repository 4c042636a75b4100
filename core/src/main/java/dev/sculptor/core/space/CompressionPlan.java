package dev.sculptor.core.space;

import java.util.List;

/**
 * Weight precision plus per-layer channel pruning ratios in [0, 0.75], one per prunable layer in
 * network order (the stem and every block's output conv; see the evaluator's network builder).
 * An empty list means no pruning.
 */
public record CompressionPlan(Precision precision, List<Double> pruningRatios) {

  public CompressionPlan {
    pruningRatios = pruningRatios == null ? List.of() : List.copyOf(pruningRatios);
  }

  public static CompressionPlan none() {
    return new CompressionPlan(Precision.FP32, List.of());
  }
}
