package dev.sculptor.core.network;

import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.HeadPooling;
import dev.sculptor.core.space.StageSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Candidate spec → network, a pure function. Out-of-range values are repaired (clamped), never
 * rejected, so every genome builds.
 *
 * <p>Blocks: conv-bn-act is one k×k conv; depthwise-separable a k×k depthwise then a 1×1 conv;
 * inverted-residual a 1×1 expansion (when expansion > 1), a k×k depthwise and a linear 1×1
 * projection. The first block of each stage has stride 2; a block adds its input to its output when
 * stride is 1 and the widths match. Convs pad k/2, so spatial size never drops below 1.
 *
 * <p>Pruning cuts output channels of layers that feed no residual addition: inverted-residual
 * expansions, and block outputs (and the stem) when neither that block nor the next one adds its
 * input. That keeps every addition's shapes equal however the ratios are set.
 *
 * <p>Low-rank factorisation (the plan's {@code lowRankRatio}) then replaces each 1×1 conv and
 * hidden dense layer {@code in → out} of the pruned network by two, {@code in → r} and {@code r →
 * out}, with {@code r = max(1, round(ratio · min(in, out)))}, wherever that has fewer weights
 * ({@code r (in + out) < in · out}); see {@link LowRankFactor}. The k×k convs (the stem among
 * them), depthwise convs and the classifier stay whole. Factorising adds no prunable layer: the
 * second factor carries the whole layer's prunability, so the plan's ratios keep their order.
 *
 * <p>The input shape and class count come from the job's dataset: the stem takes its channels, the
 * head ends in its classes, and inputs of 64 pixels or more on the short side get a stride-2 stem
 * ({@link #stemStride}) so large images cost what a small one does after the first layer.
 */
public final class NetworkDecoder {
  private NetworkDecoder() {}

  /** The network as trained, before pruning. */
  public static NetworkSpec decode(CandidateSpec spec, InputShape input, int classes) {
    return build(spec.architecture(), input, classes, null);
  }

  /**
   * The physically smaller network after the candidate's compression: its pruning ratios applied,
   * then its low-rank factorisation.
   */
  public static NetworkSpec decodePruned(CandidateSpec spec, InputShape input, int classes) {
    return build(
        spec.architecture(),
        input,
        classes,
        spec.compression() == null ? CompressionPlan.none() : spec.compression());
  }

  /** 1 for small inputs (MNIST, CIFAR), 2 when the shorter side is at least 64 pixels. */
  public static int stemStride(InputShape input) {
    return Math.min(input.height(), input.width()) >= 64 ? 2 : 1;
  }

  /** Channels kept when pruning {@code channels} by {@code ratio} (at least one). */
  public static int kept(int channels, double ratio) {
    double r = Double.isFinite(ratio) ? Math.clamp(ratio, 0, CompressionPlan.MAX_PRUNING_RATIO) : 0;
    return Math.max(1, (int) Math.round(channels * (1 - r)));
  }

  /**
   * The rank kept when factorising an {@code in → out} layer at {@code ratio}: {@code max(1,
   * round(ratio · min(in, out)))}.
   */
  public static int rank(double ratio, int in, int out) {
    return Math.max(1, (int) Math.round(ratio * Math.min(in, out)));
  }

  /**
   * Whether two factors of {@code rank} hold fewer weights than the whole {@code in → out} layer.
   */
  public static boolean factorisationSaves(int rank, int in, int out) {
    return (long) rank * (in + out) < (long) in * out;
  }

  private static NetworkSpec build(
      ArchitectureSpec arch, InputShape input, int classes, CompressionPlan compression) {
    Activation activation = arch.activation() == null ? Activation.RELU : arch.activation();
    List<StageSpec> stages = repair(arch.stages());
    int stemWidth = Math.clamp(arch.stemWidth(), 4, 256);

    // First pass: widths and strides as specified, to decide residuals and what may be pruned.
    List<BlockPlan> plans = new ArrayList<>();
    int channels = stemWidth;
    for (int s = 0; s < stages.size(); s++) {
      StageSpec stage = stages.get(s);
      for (int b = 0; b < stage.depth(); b++) {
        int stride = b == 0 ? 2 : 1;
        plans.add(
            new BlockPlan(
                "s" + (s + 1) + ".b" + (b + 1),
                s + 1,
                stage,
                stride,
                stride == 1 && channels == stage.width()));
        channels = stage.width();
      }
    }

    Pruner pruner = new Pruner(compression);
    LowRank lowRank = new LowRank(compression == null ? null : compression.lowRankRatio());
    int h = input.height();
    int w = input.width();
    boolean stemPrunable = plans.isEmpty() || !plans.getFirst().residual();
    ConvLayer stem =
        conv(
            "stem",
            input.channels(),
            stemWidth,
            3,
            stemStride(input),
            1,
            true,
            h,
            w,
            stemPrunable,
            pruner);
    channels = stem.out();
    List<BlockLayers> blocks = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      BlockPlan plan = plans.get(i);
      boolean outputPrunable =
          !plan.residual() && (i + 1 == plans.size() || !plans.get(i + 1).residual());
      StageSpec st = plan.stage();
      List<ConvLayer> convs = new ArrayList<>();
      switch (st.block()) {
        case CONV_BN_ACT ->
            convs.add(
                conv(
                    plan.name() + ".conv",
                    channels,
                    st.width(),
                    st.kernel(),
                    plan.stride(),
                    1,
                    true,
                    h,
                    w,
                    outputPrunable,
                    pruner));
        case DEPTHWISE_SEPARABLE -> {
          ConvLayer dw =
              conv(
                  plan.name() + ".dw",
                  channels,
                  channels,
                  st.kernel(),
                  plan.stride(),
                  channels,
                  true,
                  h,
                  w,
                  false,
                  pruner);
          convs.add(dw);
          convs.addAll(
              lowRank.split(
                  conv(
                      plan.name() + ".pw",
                      channels,
                      st.width(),
                      1,
                      1,
                      1,
                      true,
                      dw.outHeight(),
                      dw.outWidth(),
                      outputPrunable,
                      pruner)));
        }
        case INVERTED_RESIDUAL -> {
          int inner = channels;
          int ih = h;
          int iw = w;
          if (st.expansion() > 1) {
            ConvLayer expand =
                conv(
                    plan.name() + ".expand",
                    channels,
                    channels * st.expansion(),
                    1,
                    1,
                    1,
                    true,
                    h,
                    w,
                    true,
                    pruner);
            convs.addAll(lowRank.split(expand));
            inner = expand.out();
          }
          ConvLayer dw =
              conv(
                  plan.name() + ".dw",
                  inner,
                  inner,
                  st.kernel(),
                  plan.stride(),
                  inner,
                  true,
                  ih,
                  iw,
                  false,
                  pruner);
          convs.add(dw);
          convs.addAll(
              lowRank.split(
                  conv(
                      plan.name() + ".project",
                      inner,
                      st.width(),
                      1,
                      1,
                      1,
                      false,
                      dw.outHeight(),
                      dw.outWidth(),
                      outputPrunable,
                      pruner)));
        }
      }
      BlockLayers block =
          new BlockLayers(plan.name(), plan.stageNumber(), st.block(), convs, plan.residual());
      blocks.add(block);
      channels = block.outChannels();
      h = convs.getLast().outHeight();
      w = convs.getLast().outWidth();
    }
    List<DenseLayer> head = new ArrayList<>();
    if (arch.pooling() == HeadPooling.FLATTEN) channels *= h * w;
    int hidden = Math.clamp(arch.headHidden(), 0, 1024);
    if (hidden > 0) {
      head.addAll(lowRank.split(new DenseLayer("head.hidden", channels, hidden, true)));
      channels = hidden;
    }
    // The classifier stays whole: its rank is at most the class count, and a fraction of that
    // squeezes the logits of every class through a few dimensions (rank 3 for 10 classes at 0.25
    // cost over 20 points of accuracy in a measurement) to save a few hundred weights.
    head.add(new DenseLayer("head.classes", channels, classes, false));
    return new NetworkSpec(input, stem, blocks, head, activation, classes, arch.pooling());
  }

  private static ConvLayer conv(
      String name,
      int in,
      int out,
      int kernel,
      int stride,
      int groups,
      boolean act,
      int h,
      int w,
      boolean prunable,
      Pruner pruner) {
    int outChannels = groups > 1 ? in : prunable ? pruner.next(out) : out;
    int pad = kernel / 2;
    int oh = (h + 2 * pad - kernel) / stride + 1;
    int ow = (w + 2 * pad - kernel) / stride + 1;
    return new ConvLayer(
        name, in, outChannels, kernel, stride, groups > 1 ? in : 1, act, h, w, oh, ow, prunable);
  }

  private static List<StageSpec> repair(List<StageSpec> stages) {
    List<StageSpec> fixed = new ArrayList<>();
    for (StageSpec s : stages == null ? List.<StageSpec>of() : stages) {
      if (fixed.size() == 4) break;
      int kernel = s.kernel() <= 3 ? 3 : 5;
      fixed.add(
          new StageSpec(
              s.block() == null ? BlockType.CONV_BN_ACT : s.block(),
              kernel,
              Math.clamp(s.width(), 4, 512),
              Math.clamp(s.depth(), 1, 6),
              Math.clamp(s.expansion(), 1, 6)));
    }
    if (fixed.isEmpty()) fixed.add(new StageSpec(BlockType.CONV_BN_ACT, 3, 16, 1, 1));
    return fixed;
  }

  private record BlockPlan(
      String name, int stageNumber, StageSpec stage, int stride, boolean residual) {}

  /**
   * Splits the 1×1 convs and dense layers it may factorise, at the plan's ratio (null: splits
   * nothing).
   */
  private record LowRank(Double ratio) {
    List<ConvLayer> split(ConvLayer c) {
      if (ratio == null || c.kernel() != 1 || c.groups() != 1) return List.of(c);
      int r = rank(ratio, c.in(), c.out());
      if (!factorisationSaves(r, c.in(), c.out())) return List.of(c);
      LowRankFactor first = new LowRankFactor(c.name(), 1, r);
      LowRankFactor second = new LowRankFactor(c.name(), 2, r);
      return List.of(
          new ConvLayer(
              first.name(),
              c.in(),
              r,
              1,
              c.stride(),
              1,
              false,
              c.inHeight(),
              c.inWidth(),
              c.outHeight(),
              c.outWidth(),
              false,
              first),
          new ConvLayer(
              second.name(),
              r,
              c.out(),
              1,
              1,
              1,
              c.activation(),
              c.outHeight(),
              c.outWidth(),
              c.outHeight(),
              c.outWidth(),
              c.prunable(),
              second));
    }

    List<DenseLayer> split(DenseLayer d) {
      if (ratio == null) return List.of(d);
      int r = rank(ratio, d.in(), d.out());
      if (!factorisationSaves(r, d.in(), d.out())) return List.of(d);
      LowRankFactor first = new LowRankFactor(d.name(), 1, r);
      LowRankFactor second = new LowRankFactor(d.name(), 2, r);
      return List.of(
          new DenseLayer(first.name(), d.in(), r, false, first),
          new DenseLayer(second.name(), r, d.out(), d.activation(), second));
    }
  }

  /** Hands out the plan's ratios to the prunable layers in order (null: no pruning at all). */
  private static final class Pruner {
    private final CompressionPlan plan;
    private int next;

    Pruner(CompressionPlan plan) {
      this.plan = plan;
    }

    int next(int channels) {
      if (plan == null) return channels;
      return kept(channels, plan.ratioAt(next++));
    }
  }
}
