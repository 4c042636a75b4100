package dev.sculptor.core.network;

import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.HeadPooling;
import java.util.ArrayList;
import java.util.List;

/**
 * A candidate's layers as trained and as pruned, side by side, with shapes, parameters and MACs:
 * what a person reads to see what the compression plan did. Both networks come from {@link
 * NetworkDecoder}, which builds the same layers in the same order with or without pruning, so they
 * are paired by position; a low-rank factorised layer is two rows after compression, both marked
 * with their {@link LowRankFactor} and both paired with the whole layer they replace. {@code
 * afterPruning} is the network as compressed (pruned, then factorised); {@code pooling} is how the
 * head reads the last feature map.
 */
public record LayerTable(
    InputShape input,
    int classes,
    Activation activation,
    HeadPooling pooling,
    double maxPruningRatio,
    int prunableLayers,
    Conv stem,
    List<Block> blocks,
    List<Dense> head,
    Totals beforePruning,
    Totals afterPruning) {

  public LayerTable {
    blocks = List.copyOf(blocks);
    head = List.copyOf(head);
  }

  /**
   * One conv layer after pruning, with its channels before. {@code kind}: conv, depthwise or
   * pointwise. {@code pruningIndex} is its position among the prunable layers (the index of its
   * ratio in the compression plan) and {@code pruningRatio} the ratio applied; both null for a
   * layer no ratio applies to. {@code lowRank} marks one of the two factors of a factorised conv
   * (null for a whole layer); a factor's {@code inBeforePruning} and {@code outBeforePruning} are
   * those of the whole layer it replaces, and the second factor holds that layer's pruning index.
   */
  public record Conv(
      String name,
      String kind,
      int in,
      int out,
      int inBeforePruning,
      int outBeforePruning,
      int kernel,
      int stride,
      int groups,
      int inHeight,
      int inWidth,
      int outHeight,
      int outWidth,
      long params,
      long macs,
      Integer pruningIndex,
      Double pruningRatio,
      LowRankFactor lowRank) {}

  /**
   * One block: its name ({@code s<stage>.b<n>}), its stage (from 1), its type, whether it adds its
   * input, its convs.
   */
  public record Block(String name, int stage, BlockType type, boolean residual, List<Conv> layers) {
    public Block {
      layers = List.copyOf(layers);
    }
  }

  /**
   * One dense layer of the head after pruning; its input shrinks when the layer before it was
   * pruned. {@code lowRank} as for {@link Conv}.
   */
  public record Dense(
      String name,
      int in,
      int out,
      int inBeforePruning,
      long params,
      long macs,
      LowRankFactor lowRank) {}

  /**
   * Whole-network figures (peak activation: the largest input plus output of one layer, fp32, batch
   * 1).
   */
  public record Totals(long params, long macs, long peakActivationBytes) {
    static Totals of(NetworkSpec net) {
      return new Totals(net.params(), net.macs(), net.peakActivationBytes());
    }
  }

  /**
   * The candidate decoded for a dataset's input shape and classes, before and after its pruning.
   */
  public static LayerTable of(CandidateSpec spec, InputShape input, int classes) {
    NetworkSpec before = NetworkDecoder.decode(spec, input, classes);
    NetworkSpec after = NetworkDecoder.decodePruned(spec, input, classes);
    CompressionPlan plan = spec.compression() == null ? CompressionPlan.none() : spec.compression();
    int[] prunable = {0};
    Conv stem = conv(before.stem(), after.stem(), plan, prunable);
    List<Block> blocks = new ArrayList<>();
    for (int b = 0; b < after.blocks().size(); b++) {
      BlockLayers was = before.blocks().get(b);
      BlockLayers is = after.blocks().get(b);
      List<Conv> convs = new ArrayList<>();
      int whole = 0;
      for (ConvLayer layer : is.convs()) {
        convs.add(conv(was.convs().get(whole), layer, plan, prunable));
        if (!firstFactor(layer.factor())) whole++;
      }
      blocks.add(new Block(is.name(), is.stage(), is.type(), is.residual(), convs));
    }
    List<Dense> head = new ArrayList<>();
    int whole = 0;
    for (DenseLayer is : after.head()) {
      head.add(
          new Dense(
              is.name(),
              is.in(),
              is.out(),
              before.head().get(whole).in(),
              is.params(),
              is.macs(),
              is.factor()));
      if (!firstFactor(is.factor())) whole++;
    }
    return new LayerTable(
        input,
        classes,
        after.activation(),
        after.pooling(),
        CompressionPlan.MAX_PRUNING_RATIO,
        prunable[0],
        stem,
        blocks,
        head,
        Totals.of(before),
        Totals.of(after));
  }

  private static Conv conv(ConvLayer was, ConvLayer is, CompressionPlan plan, int[] prunable) {
    Integer index = is.prunable() ? prunable[0]++ : null;
    String kind = is.groups() > 1 ? "depthwise" : is.kernel() == 1 ? "pointwise" : "conv";
    return new Conv(
        is.name(),
        kind,
        is.in(),
        is.out(),
        was.in(),
        was.out(),
        is.kernel(),
        is.stride(),
        is.groups(),
        is.inHeight(),
        is.inWidth(),
        is.outHeight(),
        is.outWidth(),
        is.params(),
        is.macs(),
        index,
        index == null ? null : plan.ratioAt(index),
        is.factor());
  }

  /** The first factor shares its whole layer with the second, which follows it. */
  private static boolean firstFactor(LowRankFactor factor) {
    return factor != null && factor.first();
  }
}
