package dev.sculptor.core.space;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.List;

/**
 * How a candidate is compressed. Every technique after the first two is off when absent, and an
 * absent technique is left out of the JSON, so plans written before it existed keep their
 * fingerprints and read back unchanged.
 *
 * @param precision the weight precision of the deployable model
 * @param pruningRatios structured channel pruning, one ratio per prunable layer in network order
 *     (see {@link dev.sculptor.core.network.NetworkDecoder}); empty means no pruning
 * @param sparsity unstructured magnitude sparsity: the share of each conv and dense layer's weights
 *     set to zero during fine-tuning; null means none
 * @param lowRankRatio low-rank factorisation of the dense layers and 1×1 convs: the rank kept as a
 *     share of the full rank; null means none
 * @param distillation knowledge distillation from a teacher; null means trained on labels alone
 * @param layerPrecisions one precision per conv and dense layer in network order (stem, block
 *     convs, head) when the layers differ; empty means every layer follows {@code precision} with
 *     the export's defaults
 * @param quantisationAware int8 layers are fake-quantised while fine-tuning (quantisation-aware
 *     training); null means post-training quantisation
 */
public record CompressionPlan(
    Precision precision,
    List<Double> pruningRatios,
    @JsonInclude(Include.NON_NULL) Double sparsity,
    @JsonInclude(Include.NON_NULL) Double lowRankRatio,
    @JsonInclude(Include.NON_NULL) Distillation distillation,
    @JsonInclude(Include.NON_EMPTY) List<Precision> layerPrecisions,
    @JsonInclude(Include.NON_NULL) Boolean quantisationAware) {
  /**
   * The ratios the search chooses from, for the genome's uniform gene and the RL policy alike: the
   * one list every part of the product (and the benchmarks) refers to.
   */
  public static final List<Double> PRUNING_RATIOS = List.of(0.0, 0.25, 0.5, 0.75);

  /** The most a layer is ever pruned; larger ratios in a plan are clamped to it. */
  public static final double MAX_PRUNING_RATIO = PRUNING_RATIOS.getLast();

  /** The sparsities the genome chooses from (0: none). */
  public static final List<Double> SPARSITIES = List.of(0.0, 0.5, 0.75, 0.9);

  /** The low-rank ratios the genome chooses from (0: not factorised). */
  public static final List<Double> LOW_RANK_RATIOS = List.of(0.0, 0.5, 0.25, 0.125);

  public CompressionPlan {
    pruningRatios = pruningRatios == null ? List.of() : List.copyOf(pruningRatios);
    sparsity = sparsity == null || !(sparsity > 0) ? null : Math.min(sparsity, 0.99);
    lowRankRatio =
        lowRankRatio == null || !(lowRankRatio > 0) || lowRankRatio >= 1 ? null : lowRankRatio;
    layerPrecisions = layerPrecisions == null ? List.of() : List.copyOf(layerPrecisions);
    quantisationAware = Boolean.TRUE.equals(quantisationAware) ? Boolean.TRUE : null;
  }

  /** Pruning and one precision only: the plan before the other techniques existed. */
  public CompressionPlan(Precision precision, List<Double> pruningRatios) {
    this(precision, pruningRatios, null, null, null, List.of(), null);
  }

  public static CompressionPlan none() {
    return new CompressionPlan(Precision.FP32, List.of());
  }

  /**
   * The ratio applied to the {@code index}-th prunable layer: the plan's, clamped to [0, {@link
   * #MAX_PRUNING_RATIO}]; 0 (keep every channel) when the plan has none for it.
   */
  public double ratioAt(int index) {
    Double r = index < pruningRatios.size() ? pruningRatios.get(index) : null;
    return r == null || !Double.isFinite(r) ? 0 : Math.clamp(r, 0, MAX_PRUNING_RATIO);
  }

  /** The unstructured sparsity to reach, 0 for none. */
  public double sparsityOrZero() {
    return sparsity == null ? 0 : sparsity;
  }

  /** Whether int8 layers are trained with fake quantisation. */
  public boolean trainsQuantised() {
    return Boolean.TRUE.equals(quantisationAware);
  }

  /**
   * Whether quantisation-aware training actually runs: the plan asks for it and has int8 layers
   * (the whole network, or some layers by their own precisions).
   */
  public boolean trainsInt8LayersQuantised() {
    return trainsQuantised()
        && (precision == Precision.INT8 || layerPrecisions.contains(Precision.INT8));
  }

  /**
   * The precision of the {@code index}-th conv or dense layer in network order when the plan names
   * one; otherwise the plan's precision (and the export's defaults decide).
   */
  public Precision precisionAt(int index) {
    return index < layerPrecisions.size() && layerPrecisions.get(index) != null
        ? layerPrecisions.get(index)
        : precision;
  }

  public CompressionPlan withPruningRatios(List<Double> ratios) {
    return new CompressionPlan(
        precision,
        ratios,
        sparsity,
        lowRankRatio,
        distillation,
        layerPrecisions,
        quantisationAware);
  }

  public CompressionPlan withLayerPrecisions(List<Precision> layers) {
    return new CompressionPlan(
        precision, pruningRatios, sparsity, lowRankRatio, distillation, layers, quantisationAware);
  }
}
