package dev.sculptor.evaluator.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Which parts of the network an int8 export quantises; whatever is left out stays fp32 inside the
 * int8 graph (fp32 weights, no Q/DQ around it). The full (non-grouped) convs of the blocks are
 * always quantised.
 *
 * @param stem the first conv (one input channel on MNIST: few MACs per output, so integer kernels
 *     and the input's QuantizeLinear cost more than they save)
 * @param depthwise the depthwise (grouped) convs of the blocks
 * @param classifier the last dense layer (the one that writes the logits); hidden dense layers are
 *     always quantised, since they can hold most of a network's weights
 * @param residualAndPool the residual {@code Add} and the {@code GlobalAveragePool} get Q/DQ on
 *     their output too, so ONNX Runtime can run them as integer kernels and keep the blocks in
 *     uint8 NHWC instead of dequantising (and transposing back) at every residual
 */
public record Int8Layers(
    boolean stem, boolean depthwise, boolean classifier, boolean residualAndPool) {
  /**
   * Every conv and dense layer quantised, residual and pooling in fp32: the export before this
   * option.
   */
  public static Int8Layers all() {
    return new Int8Layers(true, true, true, false);
  }

  /** What the calibration run taps: every tensor any setting can quantise. */
  static Int8Layers everything() {
    return new Int8Layers(true, true, true, true);
  }

  /**
   * The default int8 export: stem and classifier in fp32, every block conv int8, residual Add and
   * pooling as integer kernels: on a CPU without int8 dot-product instructions the int8 stem conv
   * (plus the QuantizeLinear of the input) and the int8 classifier were slower than their fp32
   * kernels, and this choice was the fastest or within noise of it on every benchmark network
   * (bench/evaluator/Int8Variants.java; the figures are in docs/benchmarks.md).
   */
  public static Int8Layers defaults() {
    return new Int8Layers(false, true, false, true);
  }

  /** For the model's metadata: what stays fp32. */
  String describe() {
    List<String> fp32 = new ArrayList<>();
    if (!stem) fp32.add("stem conv");
    if (!depthwise) fp32.add("depthwise convs");
    if (!classifier) fp32.add("classifier (last dense layer)");
    if (!residualAndPool) fp32.add("residual Add and pooling");
    return fp32.isEmpty() ? "every layer int8" : "fp32: " + String.join(", ", fp32);
  }
}
