package dev.sculptor.evaluator.compression;

import ai.djl.ndarray.NDArray;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.HeadPooling;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Structured channel pruning: for each pruned conv keep the output channels whose filters have the
 * largest L1 norms, and copy the kept slices of every parameter into the physically smaller network
 * (already built and initialised from the pruned spec). Where that network factorises a layer (low
 * rank), the kept weights of the pruned layer are split into its two factors by truncated SVD
 * ({@link LowRankFactorisation}): prune first, then factorise.
 */
public final class ChannelPruning {
  private ChannelPruning() {}

  public static void copyKeptWeights(CandidateModel full, CandidateModel pruned) {
    List<Slot> from = full.slots();
    // the compressed network's slots per layer of the full one (a factorised layer has two layers)
    Map<String, List<Slot>> to = new LinkedHashMap<>();
    for (Slot slot : pruned.slots())
      to.computeIfAbsent(LowRankFactorisation.wholeLayer(slot), k -> new ArrayList<>()).add(slot);
    Map<String, int[]> keptOut = new HashMap<>();
    int[] previousOut = IntStream.range(0, full.spec().input().channels()).toArray();
    int written = 0;
    for (Slot src : from) {
      List<Slot> targets = to.get(LowRankFactorisation.wholeLayer(src));
      if (targets == null)
        throw new IllegalStateException("pruned network's layout differs from the full one");
      Slot dst = LowRankFactorisation.output(targets, src.role());
      NDArray source = src.parameter().getArray();
      long[] shape = source.getShape().getShape();
      float[] values = source.toFloatArray();
      float[] kept;
      switch (src.role()) {
        case CONV_WEIGHT -> {
          ConvLayer full1 = src.conv();
          ConvLayer small = dst.conv();
          int[] in = full1.groups() > 1 ? null : previousOut;
          int[] out = full1.groups() > 1 ? previousOut : strongest(values, shape, small.out());
          keptOut.put(full1.name(), out);
          kept = select(values, shape, out, in);
          previousOut = out;
        }
        case BN_GAMMA, BN_BETA, BN_MEAN, BN_VAR ->
            kept = select(values, shape, keptOut.get(src.conv().name()), null);
        case DENSE_WEIGHT -> {
          int[] in =
              src.dense() == full.spec().head().getFirst()
                  ? features(full.spec(), previousOut)
                  : null;
          kept = select(values, shape, null, in);
        }
        case DENSE_BIAS -> kept = values;
        default -> throw new IllegalStateException(src.role().toString());
      }
      if (src.isWeight() && LowRankFactorisation.factorised(targets)) {
        written += LowRankFactorisation.copy(kept, targets);
        continue;
      }
      NDArray target = dst.parameter().getArray();
      if (target.size() != kept.length) {
        throw new IllegalStateException(
            dst.name() + ": pruned size " + kept.length + " != " + target.getShape());
      }
      target.set(FloatBuffer.wrap(kept));
      written++;
    }
    if (written != pruned.slots().size())
      throw new IllegalStateException("pruned network's layout differs from the full one");
  }

  /**
   * The head's input features that the kept channels of the last feature map feed: the channels
   * themselves after global average pooling, all positions of each after a flatten (channel-major,
   * as NCHW flattens).
   */
  static int[] features(NetworkSpec network, int[] keptChannels) {
    if (network.pooling() == HeadPooling.GLOBAL_AVERAGE) return keptChannels;
    ConvLayer last =
        network.blocks().isEmpty() ? network.stem() : network.blocks().getLast().convs().getLast();
    int positions = last.outHeight() * last.outWidth();
    return IntStream.of(keptChannels)
        .flatMap(c -> IntStream.range(c * positions, (c + 1) * positions))
        .toArray();
  }

  /**
   * Indices of the {@code keep} output channels with the largest L1 norm, in their original order.
   */
  static int[] strongest(float[] weights, long[] shape, int keep) {
    int out = (int) shape[0];
    int per = weights.length / out;
    double[] norms = new double[out];
    for (int o = 0; o < out; o++)
      for (int k = 0; k < per; k++) norms[o] += Math.abs(weights[o * per + k]);
    return IntStream.range(0, out)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer o) -> -norms[o]).thenComparing(o -> o))
        .limit(keep)
        .mapToInt(Integer::intValue)
        .sorted()
        .toArray();
  }

  /**
   * Selects rows ({@code out}, axis 0) and columns ({@code in}, axis 1) of a tensor; null keeps
   * all.
   */
  static float[] select(float[] values, long[] shape, int[] out, int[] in) {
    int d0 = (int) shape[0];
    int d1 = shape.length > 1 ? (int) shape[1] : 1;
    int inner = values.length / Math.max(1, d0 * d1);
    int[] rows = out == null ? IntStream.range(0, d0).toArray() : out;
    int[] cols = in == null || shape.length < 2 ? IntStream.range(0, d1).toArray() : in;
    float[] result = new float[rows.length * cols.length * inner];
    int n = 0;
    for (int r : rows) {
      for (int c : cols) {
        System.arraycopy(values, (r * d1 + c) * inner, result, n, inner);
        n += inner;
      }
    }
    return result;
  }

  static String describe(int[] kept) {
    return Arrays.toString(kept);
  }
}
