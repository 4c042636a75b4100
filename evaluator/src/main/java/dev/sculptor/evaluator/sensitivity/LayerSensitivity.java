package dev.sculptor.evaluator.sensitivity;

import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.network.PrunableLayer;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.compression.ChannelPruning;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.network.ParameterLayout.Role;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.network.WeightQuantization;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per-layer sensitivity of a trained, unpruned float network: each prunable layer alone is pruned
 * at each ratio (the product's structured channel pruning, no fine-tuning) and, separately, has its
 * weights quantised to int8 (the product's per-channel symmetric quantiser), and the accuracy of
 * each variant is measured on a fixed-size validation sample. The trained network is left as it
 * was.
 */
public final class LayerSensitivity {
  /** Ratios the analysis prunes each layer alone at: the search's non-zero ratios. */
  public static final List<Double> RATIOS =
      CompressionPlan.PRUNING_RATIOS.stream().filter(r -> r > 0).toList();

  /**
   * Validation examples every variant is measured on: bounds the cost to (layers × (ratios + 1) +
   * 1) forward passes over this many images.
   */
  public static final int SAMPLE_SIZE = 500;

  private LayerSensitivity() {}

  /**
   * Analyses {@code trained}, the network decoded from {@code architecture} before any pruning, on
   * the first {@link #SAMPLE_SIZE} examples of {@code validation}.
   */
  public static Sensitivity analyse(
      ArchitectureSpec architecture,
      CandidateModel trained,
      LabeledImages validation,
      Cancellation cancellation) {
    return analyse(architecture, trained, validation, SAMPLE_SIZE, cancellation);
  }

  static Sensitivity analyse(
      ArchitectureSpec architecture,
      CandidateModel trained,
      LabeledImages validation,
      int sampleSize,
      Cancellation cancellation) {
    long started = System.nanoTime();
    NetworkSpec full = trained.spec();
    CandidateSpec unpruned = candidate(architecture, List.of());
    if (!NetworkDecoder.decode(unpruned, full.input(), full.classes()).equals(full)) {
      throw new IllegalArgumentException("the model is not the unpruned network of architecture");
    }
    LabeledImages sample = validation.first(sampleSize);
    double baseline = trained.accuracy(sample, cancellation);
    List<Sensitivity.Layer> rows = new ArrayList<>();
    for (PrunableLayer layer : full.prunableLayers()) {
      List<Double> pruned = new ArrayList<>();
      for (double ratio : RATIOS) {
        cancellation.check();
        List<Double> ratios = new ArrayList<>(Collections.nCopies(layer.index() + 1, 0.0));
        ratios.set(layer.index(), ratio);
        NetworkSpec smaller =
            NetworkDecoder.decodePruned(
                candidate(architecture, ratios), full.input(), full.classes());
        // the learning rate is irrelevant: the pruned copy is only evaluated
        try (CandidateModel variant = CandidateModel.create(smaller, 1e-3)) {
          ChannelPruning.copyKeptWeights(trained, variant);
          pruned.add(variant.accuracy(sample, cancellation));
        }
      }
      rows.add(
          new Sensitivity.Layer(
              layer.index(),
              layer.name(),
              layer.kind(),
              layer.channels(),
              pruned,
              int8Alone(trained, layer.name(), sample, cancellation)));
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    return new Sensitivity(
        baseline,
        RATIOS,
        rows,
        sample.size(),
        "validation",
        "accuracy on the first "
            + sample.size()
            + " validation examples after pruning one layer alone (L1-norm channel pruning) or"
            + " quantising its weights alone to int8 (per-channel symmetric); no fine-tuning",
        elapsedMs);
  }

  /** Accuracy with only {@code layer}'s conv weights in int8; the float weights are put back. */
  private static double int8Alone(
      CandidateModel model, String layer, LabeledImages sample, Cancellation cancellation) {
    cancellation.check();
    Slot slot =
        model.slots().stream()
            .filter(s -> s.role() == Role.CONV_WEIGHT && s.conv().name().equals(layer))
            .findFirst()
            .orElseThrow();
    var array = slot.parameter().getArray();
    float[] original = array.toFloatArray();
    try {
      WeightQuantization.apply(List.of(slot), Precision.INT8);
      return model.accuracy(sample, cancellation);
    } finally {
      array.set(FloatBuffer.wrap(original));
    }
  }

  private static CandidateSpec candidate(ArchitectureSpec architecture, List<Double> ratios) {
    // the decoder reads only the architecture and the plan
    return new CandidateSpec(architecture, new CompressionPlan(Precision.FP32, ratios), null);
  }
}
