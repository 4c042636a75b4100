package dev.sculptor.core.network;

import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.HeadPooling;
import dev.sculptor.core.space.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A decoded network: stem, blocks, head, with every shape known, so params, MACs and peak
 * activation memory are computed here, before any framework builds it. {@code pooling} says how the
 * head reads the last block's feature map: averaged per channel, or flattened (the first dense
 * layer then reads {@code channels × height × width} features, in that order).
 */
public record NetworkSpec(
    InputShape input,
    ConvLayer stem,
    List<BlockLayers> blocks,
    List<DenseLayer> head,
    Activation activation,
    int classes,
    HeadPooling pooling) {

  public NetworkSpec {
    blocks = List.copyOf(blocks);
    head = List.copyOf(head);
  }

  public Stream<ConvLayer> convs() {
    return Stream.concat(Stream.of(stem), blocks.stream().flatMap(b -> b.convs().stream()));
  }

  public long params() {
    return convs().mapToLong(ConvLayer::params).sum()
        + head.stream().mapToLong(DenseLayer::params).sum();
  }

  public long macs() {
    return convs().mapToLong(ConvLayer::macs).sum()
        + head.stream().mapToLong(DenseLayer::macs).sum();
  }

  /** Largest input+output activation of any layer at batch 1, fp32, in bytes. */
  public long peakActivationBytes() {
    long conv = convs().mapToLong(ConvLayer::activationElements).max().orElse(0);
    long dense = head.stream().mapToLong(d -> (long) d.in() + d.out()).max().orElse(0);
    return 4 * Math.max(conv, dense);
  }

  /**
   * A lower bound of the deployable .onnx file's bytes at {@code precision}, for this network as
   * exported (after pruning): the tensor data of every conv and dense layer, with batch norm folded
   * into its conv (weights {@code W = out · in/groups · k²} plus one bias per output channel {@code
   * O}; dense {@code W = in · out}, {@code O = out}).
   *
   * <ul>
   *   <li>fp32: {@code 4 (W + O)}; fp16: {@code 2 (W + O)} (half-precision initializers).
   *   <li>int8: per layer {@code min(W + 13 O, 4 (W + O))}: an int8 layer stores int8 weights and,
   *       per output channel, an fp32 weight scale, an int8 zero point, an int32 bias and an fp32
   *       bias scale; a layer the int8 export keeps in fp32 (by default the stem and the
   *       classifier) stores 4 bytes per element. The smaller of the two keeps the bound true
   *       whichever layers the export quantises.
   * </ul>
   *
   * The first factor of a low-rank factorised layer ({@link LowRankFactor}) has no bias ({@code O}
   * counts no bias there: fp32 {@code 4 W}, fp16 {@code 2 W}, int8 {@code min(W + 5 O, 4 W)} for
   * its weight scales and zero points).
   *
   * <p>The file adds what this leaves out: protobuf framing, tensor names and shapes, graph nodes,
   * activation scales (int8), the metadata. So the measured size is never below this bound (tested
   * against exported files and the benchmark table's measured sizes), and a candidate whose bound
   * exceeds a size limit cannot meet it.
   */
  public long modelBytesAtLeast(Precision precision) {
    return modelBytesAtLeast(new CompressionPlan(precision, List.of()));
  }

  /**
   * As {@link #modelBytesAtLeast(Precision)}, with each conv and dense layer at its precision in
   * {@code plan} ({@link CompressionPlan#precisionAt}): a mixed-precision plan's fp16 depthwise
   * conv stores {@code 2 (W + O)}, less than the int8 bound's {@code W + 13 O} when {@code W < 11
   * O}, so the plan's precision alone would overstate such a file.
   */
  public long modelBytesAtLeast(CompressionPlan plan) {
    List<Precision> precisions = layerPrecisions(plan.layerPrecisions(), plan.precision());
    long bytes = 0;
    int layer = 0;
    for (ConvLayer c : convs().toList())
      bytes +=
          layerBytes(c.weights(), c.out(), c.batchNorm() ? c.out() : 0, precisions.get(layer++));
    for (DenseLayer d : head)
      bytes +=
          layerBytes(
              (long) d.in() * d.out(), d.out(), d.bias() ? d.out() : 0, precisions.get(layer++));
    return bytes;
  }

  /**
   * How many layers a plan's per-layer precisions list ({@link CompressionPlan#layerPrecisions}):
   * the conv and dense layers in network order, the two factors of a low-rank factorised layer
   * counting as the one layer they replace.
   */
  public int plannedLayers() {
    return (int) layers().filter(factor -> factor == null || !factor.first()).count();
  }

  /**
   * The precision of each conv and dense layer of this network in order (stem, block convs, head),
   * from {@code planned}, one per layer as {@link #plannedLayers} counts them: both factors of a
   * factorised layer take their layer's entry; {@code fallback} (may be null) where the list has no
   * entry or a null one.
   */
  public List<Precision> layerPrecisions(List<Precision> planned, Precision fallback) {
    List<Precision> out = new ArrayList<>();
    int index = 0;
    for (LowRankFactor factor : layers().toList()) {
      Precision p = index < planned.size() ? planned.get(index) : null;
      out.add(p == null ? fallback : p);
      if (factor == null || !factor.first()) index++;
    }
    return out;
  }

  /** Each conv and dense layer's low-rank factor mark in network order (null: a whole layer). */
  private Stream<LowRankFactor> layers() {
    return Stream.concat(convs().map(ConvLayer::factor), head.stream().map(DenseLayer::factor));
  }

  /**
   * int8 per output channel: a weight scale (4 bytes) and zero point (1); per bias: an int32 value
   * and an fp32 scale (8).
   */
  private static long layerBytes(long weights, long outputs, long biases, Precision precision) {
    long fp32 = 4 * (weights + biases);
    return switch (precision) {
      case FP32 -> fp32;
      case FP16 -> 2 * (weights + biases);
      case INT8 -> Math.min(weights + 5 * outputs + 8 * biases, fp32);
    };
  }

  /** The layers a compression plan's pruning ratios apply to, in order. */
  public List<PrunableLayer> prunableLayers() {
    List<PrunableLayer> layers = new ArrayList<>();
    convs()
        .filter(ConvLayer::prunable)
        .forEach(
            c ->
                layers.add(
                    new PrunableLayer(
                        layers.size(),
                        c.name(),
                        c.kernel() == 1 ? "pointwise" : "conv",
                        c.out(),
                        c.kernel(),
                        c.stride(),
                        c.macs())));
    return layers;
  }
}
