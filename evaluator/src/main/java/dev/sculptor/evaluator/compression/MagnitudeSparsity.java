package dev.sculptor.evaluator.compression;

import ai.djl.ndarray.NDArray;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.training.CandidateModel;
import dev.sculptor.evaluator.training.TrainingTechnique;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unstructured magnitude sparsity during the fine-tune, on the gradual schedule of Zhu and Gupta
 * ("To prune, or not to prune", 2017): sparsity rises from 0 to the target along a cubic curve over
 * the first {@link #RAMP} of the run's updates, so most weights go early while the network can
 * still recover, and the last updates fine-tune with the final mask. Along the ramp the mask is
 * recomputed {@link #PRUNINGS} times; in each sparsified layer the smallest |w| are set to zero,
 * and after every update the masked weights are set to zero again. A weight once pruned stays
 * pruned, so the masks only grow. At the end of the run the layers are pruned to the target
 * exactly, whatever the run did (restored an earlier epoch's weights, or had no update at all).
 *
 * <p>Sparsified: every conv weight and dense weight except depthwise convs. A depthwise filter
 * holds only k² weights of one channel and the layer a small share of the network's weights, so
 * pruning it saves next to nothing while at 90% a 3×3 filter keeps about one tap, or none. Biases
 * and batch-norm parameters are never sparsified.
 *
 * <p>Masks are applied on the engine's own arrays (an in-place multiply by a 0/1 mask), not by
 * writing host buffers back into the parameters.
 */
public final class MagnitudeSparsity implements TrainingTechnique {
  /** Share of the run's updates over which sparsity rises; the rest fine-tune the final mask. */
  static final double RAMP = 0.75;

  /** How often along the ramp the mask is recomputed (at most once per update). */
  static final int PRUNINGS = 8;

  private final double target;
  private final Map<String, float[]> masks = new HashMap<>();
  private double applied;

  /**
   * @param target the share of each sparsified layer's weights to end at zero, in [0, 1)
   */
  public MagnitudeSparsity(double target) {
    if (!(target >= 0 && target < 1))
      throw new IllegalArgumentException("sparsity must be in [0, 1), was " + target);
    this.target = target;
  }

  public double target() {
    return target;
  }

  /**
   * The sparsity the schedule asks for after update {@code step} of {@code steps}: {@code target ·
   * (1 − (1 − t)³)}, with t the share of the ramp done, counted in whole prunings (so it changes
   * only where the mask is recomputed). 0 before the first update; {@code target} from the end of
   * the ramp on, and for a run without updates.
   */
  public static double scheduled(double target, int step, int steps) {
    if (steps <= 0) return target;
    int ramp = Math.max(1, (int) Math.ceil(RAMP * steps));
    int prunings = Math.min(PRUNINGS, ramp);
    int done = (int) Math.min(prunings, (long) Math.max(0, step) * prunings / ramp);
    double left = 1 - (double) done / prunings;
    return target * (1 - left * left * left);
  }

  /** Whether a parameter is sparsified: conv and dense weights, depthwise convs excepted. */
  public static boolean sparsifies(Slot slot) {
    return slot.isWeight() && !(slot.conv() != null && slot.conv().groups() > 1);
  }

  /** How many of {@code n} weights a layer at {@code sparsity} has at zero: never fewer. */
  static int zerosFor(double sparsity, int n) {
    return (int) Math.min(n, Math.ceil(sparsity * n - 1e-9));
  }

  /**
   * The share of the sparsified layers' weights that are exactly zero now (0 for a network without
   * such layers).
   */
  public static double reached(List<Slot> slots) {
    long zeros = 0;
    long total = 0;
    for (Slot slot : slots) {
      if (!sparsifies(slot)) continue;
      float[] w = slot.parameter().getArray().toFloatArray();
      for (float v : w) if (v == 0) zeros++;
      total += w.length;
    }
    return total == 0 ? 0 : (double) zeros / total;
  }

  @Override
  public void afterUpdate(CandidateModel model, int step, int steps) {
    double wanted = scheduled(target, step, steps);
    if (wanted > applied) {
      prune(model, wanted);
    } else {
      for (Slot slot : model.slots()) {
        float[] keep = masks.get(slot.name());
        if (keep != null) masked(slot.parameter().getArray(), keep);
      }
    }
  }

  @Override
  public void afterRun(CandidateModel model) {
    prune(model, target);
  }

  /** Sets the smallest |w| of each sparsified layer to zero, so exactly its share is zero. */
  private void prune(CandidateModel model, double sparsity) {
    for (Slot slot : model.slots()) {
      if (!sparsifies(slot)) continue;
      NDArray weight = slot.parameter().getArray();
      // pruned before: zero now, so among the smallest, and kept pruned
      float[] old = masks.get(slot.name());
      float[] w = old == null ? weight.toFloatArray() : masked(weight, old);
      float[] keep = keepMask(w, zerosFor(sparsity, w.length));
      masked(weight, keep);
      masks.put(slot.name(), keep);
    }
    applied = Math.max(applied, sparsity);
  }

  /**
   * Zeroes the weights {@code keep} drops and returns the values written. Written back whole, as
   * every weight change outside the optimiser is here: an in-place product would be an autograd
   * operation on a leaf that requires a gradient, which libtorch refuses wherever gradient mode is
   * on (its default on every new thread, where the evaluation loop trains).
   */
  private static float[] masked(NDArray weight, float[] keep) {
    float[] w = weight.toFloatArray();
    for (int i = 0; i < w.length; i++) w[i] *= keep[i];
    weight.set(FloatBuffer.wrap(w));
    return w;
  }

  /**
   * 1 for the weights kept, 0 for the {@code zeros} of smallest magnitude (ties: the first in
   * order).
   */
  static float[] keepMask(float[] w, int zeros) {
    float[] keep = new float[w.length];
    Arrays.fill(keep, 1f);
    if (zeros <= 0) return keep;
    float[] magnitudes = new float[w.length];
    for (int i = 0; i < w.length; i++) magnitudes[i] = Math.abs(w[i]);
    float[] sorted = magnitudes.clone();
    Arrays.sort(sorted);
    float threshold = sorted[zeros - 1];
    int below = 0;
    for (float m : magnitudes) if (m < threshold) below++;
    int atThreshold = zeros - below;
    for (int i = 0; i < w.length; i++) {
      if (magnitudes[i] < threshold) {
        keep[i] = 0;
      } else if (magnitudes[i] == threshold && atThreshold > 0) {
        keep[i] = 0;
        atThreshold--;
      }
    }
    return keep;
  }
}
