package dev.sculptor.evaluator.compression;

import ai.djl.ndarray.NDArray;
import dev.sculptor.core.network.LowRankFactor;
import dev.sculptor.evaluator.network.ParameterLayout.Role;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Low-rank factorisation of a trained layer's weights: the {@code out × in} matrix W (a dense
 * layer's weights, or a 1×1 conv's) becomes {@code U_r √Σ_r} (the second factor, {@code out × r})
 * times {@code √Σ_r V_rᵀ} (the first, {@code r × in}), the best rank-r approximation of W ({@link
 * Svd}). Splitting √Σ between the two keeps both factors on the same scale for fine-tuning. The
 * whole layer's batch norm or bias moves to the second factor unchanged.
 */
final class LowRankFactorisation {
  private LowRankFactorisation() {}

  /** The name of the layer a slot belongs to in the unfactorised network. */
  static String wholeLayer(Slot slot) {
    LowRankFactor f = factor(slot);
    if (f != null) return f.layer();
    return slot.conv() != null ? slot.conv().name() : slot.dense().name();
  }

  /** Whether these slots (of one whole layer) are those of two factors. */
  static boolean factorised(List<Slot> slots) {
    return factor(slots.getFirst()) != null;
  }

  /**
   * The slot of {@code role} on the layer's output side: the whole layer's, or the second factor's.
   */
  static Slot output(List<Slot> slots, Role role) {
    return slots.stream()
        .filter(s -> s.role() == role)
        .reduce((a, b) -> b)
        .orElseThrow(
            () -> new IllegalStateException(wholeLayer(slots.getFirst()) + " has no " + role));
  }

  /**
   * Writes {@code weights} (the whole layer's, {@code out × in}, row-major, as pruning kept them)
   * into the weight slots of its two factors; returns the number of slots written.
   */
  static int copy(float[] weights, List<Slot> slots) {
    Slot first = weight(slots, 1);
    Slot second = weight(slots, 2);
    int rank = factor(first).rank();
    int in = first.conv() != null ? first.conv().in() : first.dense().in();
    int out = second.conv() != null ? second.conv().out() : second.dense().out();
    if ((long) in * out != weights.length)
      throw new IllegalStateException(
          wholeLayer(first) + ": " + weights.length + " weights for " + out + "×" + in);
    Svd.Factors f = Svd.of(weights, out, in).factors(rank);
    set(first, f.first());
    set(second, f.second());
    return 2;
  }

  private static Slot weight(List<Slot> slots, int part) {
    return slots.stream()
        .filter(s -> s.isWeight() && factor(s) != null && factor(s).part() == part)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    wholeLayer(slots.getFirst()) + " has no weights of factor " + part));
  }

  private static void set(Slot slot, float[] values) {
    NDArray target = slot.parameter().getArray();
    if (target.size() != values.length)
      throw new IllegalStateException(
          slot.name() + ": factor size " + values.length + " != " + target.getShape());
    target.set(FloatBuffer.wrap(values));
  }

  private static LowRankFactor factor(Slot slot) {
    return slot.conv() != null ? slot.conv().factor() : slot.dense().factor();
  }
}
