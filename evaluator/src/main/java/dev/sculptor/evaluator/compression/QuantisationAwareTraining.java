package dev.sculptor.evaluator.compression;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.export.Int8Layers;
import dev.sculptor.evaluator.export.NetworkWeights;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.network.ActivationQuantiser;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.network.ParameterLayout.Role;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.network.WeightQuantization;
import dev.sculptor.evaluator.training.CandidateModel;
import dev.sculptor.evaluator.training.TrainingTechnique;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Quantisation-aware training of the int8 layers' weights and the activations they read: every
 * forward pass of the fine-tune sees the weights the int8 export will store and its activations
 * quantised as the export quantises them, and the optimizer updates float weights kept aside
 * ("shadow weights", the straight-through estimator: the gradient at the quantised weights is
 * applied to the float ones).
 *
 * <p>The export folds each batch norm into its conv before quantising, so a conv's weight is
 * fake-quantised as the export sees it: w' = w · s with s = γ/√(σ²+ε) from the running variance,
 * quantised per output channel (symmetric, the export's levels and rounding), then divided by s
 * again, so that conv and batch norm at inference compute exactly the exported int8 conv. While
 * training, batch norm normalises with the batch's statistics instead, as in any folded-BN QAT.
 * Dense layers have no batch norm and are quantised as they are.
 *
 * <p>Activations: every tensor the int8 export quantises ({@link OnnxExporter#quantisedTensors},
 * the export's own walk) is fake-quantised in each training pass by the network's {@link
 * ActivationQuantiser} of that name: uint8 per tensor, with the export's scale, zero point and
 * rounding, at a range tracked as an exponential moving average of the batches' min and max ({@link
 * #ACTIVATION_MOMENTUM}), with the straight-through estimator. The export stores these ranges
 * ({@link ActivationRanges#trackedBy}) instead of calibrating its own, so the file quantises at the
 * ranges the network was trained with.
 *
 * <p>The parameters hold quantised values only between {@link #beforeForward} and {@link
 * #beforeUpdate}: validation during training, checkpoints and the export read float weights.
 */
public final class QuantisationAwareTraining implements TrainingTechnique {
  /**
   * Weight of the range so far against each batch's min and max. A fine-tune runs tens to a few
   * hundred updates, so the range forgets the first batches within about ten and follows the
   * weights as they move.
   */
  public static final double ACTIVATION_MOMENTUM = 0.9;

  private final CompressionPlan plan;
  private final int levels;
  private final List<Shadow> shadows = new ArrayList<>();
  private boolean activationsStarted;

  /** A parameter's float values, kept while the parameter holds their quantised values. */
  private record Shadow(Parameter parameter, float[] values) {}

  private QuantisationAwareTraining(CompressionPlan plan, int levels) {
    this.plan = plan;
    this.levels = levels;
  }

  /**
   * The technique for the plan's int8 layers, with the int8 export's default weight levels; an
   * empty list when the plan does not train quantised.
   */
  public static List<TrainingTechnique> forPlan(CompressionPlan plan) {
    return plan.trainsInt8LayersQuantised()
        ? List.of(new QuantisationAwareTraining(plan, WeightQuantization.REDUCED_RANGE_LEVELS))
        : List.of();
  }

  @Override
  public void beforeForward(CandidateModel model) {
    restoreFloatWeights();
    if (!activationsStarted) {
      startActivationQuantisers(model);
      activationsStarted = true;
    }
    List<Slot> slots = model.slots();
    // a plan's per-layer precisions, slot by slot (both factors of a factorised layer take its)
    List<Precision> planned =
        plan.layerPrecisions().isEmpty()
            ? null
            : WeightQuantization.slotPrecisions(
                model.spec(), slots, plan.precision(), plan.layerPrecisions());
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      if (!slot.isWeight()) continue;
      if (planned != null ? planned.get(i) != Precision.INT8 : !isInt8(slot, model.spec()))
        continue;
      NDArray array = slot.parameter().getArray();
      float[] values = array.toFloatArray();
      int out = Math.toIntExact(array.getShape().get(0));
      // a conv with batch norm is stored folded; a low-rank first factor has none to fold
      float[] quantised =
          slot.role() == Role.CONV_WEIGHT && slot.conv().batchNorm()
              ? fakeQuantiseFolded(values, foldScales(slots, i), levels)
              : fakeQuantise(values, out, levels);
      shadows.add(new Shadow(slot.parameter(), values));
      array.set(FloatBuffer.wrap(quantised));
    }
  }

  @Override
  public void beforeUpdate(CandidateModel model) {
    // the gradients were computed at the quantised weights; the update applies them to the floats
    restoreFloatWeights();
  }

  @Override
  public void afterRun(CandidateModel model) {
    restoreFloatWeights();
    model.activationQuantisers().forEach(ActivationQuantiser::stop);
    activationsStarted = false;
  }

  /**
   * Starts the network's quantisation point of every tensor the plan's int8 export quantises, and
   * only those; refuses a network that lacks one.
   */
  private void startActivationQuantisers(CandidateModel model) {
    Map<String, ActivationQuantiser> points = new HashMap<>();
    for (ActivationQuantiser q : model.activationQuantisers()) points.put(q.tensor(), q);
    for (String tensor : quantisedTensors(model)) {
      ActivationQuantiser q = points.get(tensor);
      if (q == null)
        throw new IllegalStateException(
            "the int8 export quantises " + tensor + ", which the network has no point for");
      q.start(ACTIVATION_MOMENTUM);
    }
  }

  /** The tensors the plan's int8 export of the model quantises, in graph order. */
  public List<String> quantisedTensors(CandidateModel model) {
    return OnnxExporter.quantisedTensors(
        model.spec(), NetworkWeights.of(model), plan.precision(), plan.layerPrecisions());
  }

  private void restoreFloatWeights() {
    for (Shadow s : shadows) s.parameter().getArray().set(FloatBuffer.wrap(s.values()));
    shadows.clear();
  }

  /**
   * Whether a weight's layer is int8 in a plan without per-layer precisions: the int8 export's
   * default choice of layers.
   */
  private boolean isInt8(Slot slot, NetworkSpec spec) {
    if (plan.precision() != Precision.INT8) return false;
    Int8Layers layers = Int8Layers.defaults();
    if (slot.conv() != null) {
      if (slot.conv().equals(spec.stem())) return layers.stem();
      return slot.conv().groups() == 1 || layers.depthwise();
    }
    DenseLayer last = spec.head().getLast();
    return !slot.dense().equals(last) || layers.classifier();
  }

  /**
   * s = γ/√(σ²+ε) per output channel of the conv whose weight is {@code slots[weight]}, from the
   * batch norm that follows it, computed as the export folds it.
   */
  private static double[] foldScales(List<Slot> slots, int weight) {
    float[] gamma = values(slots.get(weight + 1), Role.BN_GAMMA);
    float[] variance = values(slots.get(weight + 4), Role.BN_VAR);
    double[] s = new double[gamma.length];
    for (int o = 0; o < s.length; o++)
      s[o] = gamma[o] / Math.sqrt((double) variance[o] + NetworkWeights.BATCH_NORM_EPSILON);
    return s;
  }

  private static float[] values(Slot slot, Role role) {
    if (slot.role() != role)
      throw new IllegalStateException("expected the conv's " + role + ", found " + slot.role());
    return slot.parameter().getArray().toFloatArray();
  }

  /** Quantise-dequantise per output channel, symmetric, with the export's rounding. */
  static float[] fakeQuantise(float[] values, int outChannels, int levels) {
    return WeightQuantization.dequantize(WeightQuantization.quantize(values, outChannels, levels));
  }

  /**
   * The conv weight whose batch-norm fold is the export's quantised folded weight: q(w · s) / s per
   * output channel. A channel with s = 0 folds to zero whatever its weights, so it keeps them.
   */
  static float[] fakeQuantiseFolded(float[] weight, double[] foldScales, int levels) {
    int out = foldScales.length;
    int per = weight.length / out;
    float[] folded = new float[weight.length];
    for (int o = 0; o < out; o++)
      for (int k = 0; k < per; k++)
        folded[o * per + k] = (float) (weight[o * per + k] * foldScales[o]);
    float[] quantised = fakeQuantise(folded, out, levels);
    float[] result = new float[weight.length];
    for (int o = 0; o < out; o++)
      for (int k = 0; k < per; k++)
        result[o * per + k] =
            foldScales[o] == 0
                ? weight[o * per + k]
                : (float) (quantised[o * per + k] / foldScales[o]);
    return result;
  }
}
