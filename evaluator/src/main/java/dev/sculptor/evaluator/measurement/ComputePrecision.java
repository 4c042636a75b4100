package dev.sculptor.evaluator.measurement;

/**
 * What ONNX Runtime actually computed the convolutions and dense layers in, read from its optimised
 * graph.
 */
public enum ComputePrecision {
  FP32,
  FP16,
  INT8,
  /**
   * Some layers ran integer kernels, others stayed float (ONNX Runtime had no fused kernel for
   * them).
   */
  INT8_AND_FP32
}
