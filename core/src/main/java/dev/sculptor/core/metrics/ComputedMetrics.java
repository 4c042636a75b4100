package dev.sculptor.core.metrics;

import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import java.util.List;

/**
 * What is known of a candidate from its decoded spec alone, before any training: parameters, MACs
 * and peak activation memory exactly as the evaluator reports them (it counts them from the same
 * pruned network), and a lower bound of its model file's size ({@link
 * NetworkSpec#modelBytesAtLeast}). Stored as the metrics of a candidate that was never evaluated
 * because these already miss a limit; {@code source} says so wherever the numbers are shown.
 */
public record ComputedMetrics(
    String source, long modelBytesAtLeast, long params, long macs, long peakActivationBytes) {

  public static final String SOURCE =
      "computed from the decoded spec before any training (not measured); modelBytesAtLeast is a"
          + " lower bound of the .onnx file: the weights and biases at the candidate's precision,"
          + " without the graph and metadata";

  /** {@code pruned}: the network as the evaluator exports it (after the candidate's pruning). */
  public static ComputedMetrics of(NetworkSpec pruned, Precision precision) {
    return of(pruned, new CompressionPlan(precision, List.of()));
  }

  /**
   * With the size bound at each layer's precision in {@code plan}: the one to use for a plan with
   * per-layer precisions, where the plan's precision alone is no lower bound.
   */
  public static ComputedMetrics of(NetworkSpec pruned, CompressionPlan plan) {
    return new ComputedMetrics(
        SOURCE,
        pruned.modelBytesAtLeast(plan),
        pruned.params(),
        pruned.macs(),
        pruned.peakActivationBytes());
  }
}
